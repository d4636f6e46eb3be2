#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript and shares code with the worker, so it
// runs through tsx's loader instead of a separate build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main } = await import(path.join(here, '..', 'cli', 'main.ts'));
process.exitCode = await main(process.argv.slice(2));
