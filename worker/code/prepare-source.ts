import { transform, type Message } from 'esbuild';
import type { Language } from '../../lib/exercises/schema';

// TypeScript and JavaScript are parsed and transpiled here, outside the box: esbuild
// only parses (it never runs the code), a syntax error becomes a precise message, and
// the box needs no compiler. The inline source map keeps the student's line numbers.

export type PreparedSource = { ok: true; fileName: string; code: string } | { ok: false; error: string };

export const SOURCE_NAMES: Record<Language, string> = {
  python: 'submission.py',
  typescript: 'submission.ts',
  javascript: 'submission.js',
};

export async function prepareSource(language: Language, source: string): Promise<PreparedSource> {
  if (language === 'python') return { ok: true, fileName: 'submission.py', code: source };
  try {
    const out = await transform(source, {
      loader: language === 'typescript' ? 'ts' : 'js',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: SOURCE_NAMES[language],
      logLevel: 'silent',
    });
    return { ok: true, fileName: 'submission.mjs', code: out.code };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors?.length) throw e;
    return { ok: false, error: errors.map(formatMessage).join('\n\n') };
  }
}

function formatMessage(m: Message): string {
  const loc = m.location;
  if (!loc) return `error: ${m.text}`;
  const caret = ' '.repeat(loc.column) + '^'.repeat(Math.max(1, loc.length));
  return `${loc.file}:${loc.line}:${loc.column + 1}: error: ${m.text}\n    ${loc.lineText}\n    ${caret}`;
}
