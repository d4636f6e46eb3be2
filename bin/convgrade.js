#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript and shares code with the worker, so it
// runs through tsx's loader instead of a separate build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// This repository's tsconfig wherever the command is run from: exercise folders
// (in EXERCISES_DIR too) import the engine as '@/lib/...'.
register({ tsconfig: path.join(here, '..', 'tsconfig.json') });
const { main } = await import(path.join(here, '..', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
