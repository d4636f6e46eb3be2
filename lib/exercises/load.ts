import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { ZExerciseMeta, exerciseMetaIssues, type ExerciseMeta, type Language } from './schema';
import { envValue } from '../env';

// Reads exercise folders from disk. Only metadata, prompt and starter code:
// hidden test generators (cases.ts, reference.ts) are never read here, so the
// web app can use this module safely.

export interface ExerciseInfo {
  meta: ExerciseMeta;
  dir: string;
  /** prompt.md: the prompt in the course's main language, and the fallback */
  prompt: string;
  /** translations of the prompt by language code, from prompt.<lang>.md (prompt.vi.md) */
  prompts: Record<string, string>;
  starters: Partial<Record<Language, string>>;
  /** sha256 over every file in the folder: the exercise's version */
  contentHash: string;
}

const STARTER_FILES: Record<Language, string> = {
  python: 'starter.py',
  typescript: 'starter.ts',
  javascript: 'starter.js',
};

const PROMPT_TRANSLATION = /^prompt\.([a-z]{2,3})\.md$/;

/** The prompt in the reader's language when the folder has it (prompt.vi.md), else prompt.md. */
export function promptIn(info: Pick<ExerciseInfo, 'prompt' | 'prompts'>, locale: string | undefined): string {
  return (locale && Object.hasOwn(info.prompts, locale) ? info.prompts[locale] : undefined) ?? info.prompt;
}

export function exercisesRoot(): string {
  return envValue('EXERCISES_DIR') ?? path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'exercises');
}

/** Numeric exercises made in the web editor and committed to git as .json files. */
export function authoredExercisesDir(root = exercisesRoot()): string {
  return path.join(root, 'authored');
}

/** The authored .json files directly in a folder, sorted. */
export function authoredFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  return fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
}

export class ExerciseFolderError extends Error {}

export function loadExercise(dir: string): ExerciseInfo {
  const yamlPath = path.join(dir, 'exercise.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(yamlPath, 'utf8'));
  } catch (e) {
    throw new ExerciseFolderError(`${yamlPath}: ${(e as Error).message}`);
  }
  const parsed = ZExerciseMeta.safeParse(raw);
  if (!parsed.success) throw new ExerciseFolderError(`${yamlPath}: ${exerciseMetaIssues(raw).join('; ')}`);
  const meta = parsed.data;
  if (meta.id !== path.basename(dir)) {
    throw new ExerciseFolderError(`${yamlPath}: id "${meta.id}" must match its folder name "${path.basename(dir)}"`);
  }
  const promptPath = path.join(dir, 'prompt.md');
  const prompt = fs.existsSync(promptPath) ? fs.readFileSync(promptPath, 'utf8') : '';
  const prompts: Record<string, string> = {};
  for (const name of fs.readdirSync(dir)) {
    const lang = PROMPT_TRANSLATION.exec(name)?.[1];
    if (lang) prompts[lang] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  const starters: Partial<Record<Language, string>> = {};
  for (const [lang, file] of Object.entries(STARTER_FILES) as [Language, string][]) {
    const p = path.join(dir, file);
    if (fs.existsSync(p)) starters[lang] = fs.readFileSync(p, 'utf8');
  }
  return { meta, dir, prompt, prompts, starters, contentHash: hashFolder(dir) };
}

/** Every folder under root, by week then id; `load` reads one (the registry passes its cached reader). */
export function loadAllExercises(root = exercisesRoot(), load: (dir: string) => ExerciseInfo = loadExercise): ExerciseInfo[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'exercise.yaml')))
    .map((d) => load(path.join(root, d.name)))
    .sort((a, b) => a.meta.week - b.meta.week || a.meta.id.localeCompare(b.meta.id));
}

function hashFolder(dir: string): string {
  const h = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(path.relative(dir, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}
