import fs from 'node:fs';
import path from 'node:path';
import { ZLanguage, type Language } from '../lib/exercises/schema';
import { gradeCode } from '../worker/code/grade-code';
import { CliUsageError, parseCli, type CliCommand } from './command';

const BY_EXTENSION: Record<string, Language> = { '.py': 'python', '.ts': 'typescript', '.mts': 'typescript', '.js': 'javascript', '.mjs': 'javascript' };

export const command: CliCommand = {
  summary: 'grade a code submission exactly as the worker does: grade <exercise-id> <file> [--lang L] [--visible] [--json]',
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        visible: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    const [exerciseId, file] = positionals;
    if (!exerciseId || !file || positionals.length > 2) throw new CliUsageError('usage: convgrade grade <exercise-id> <file> [--lang python|typescript|javascript] [--visible] [--json]');
    const lang = values.lang ?? BY_EXTENSION[path.extname(file)];
    const parsed = ZLanguage.safeParse(lang);
    if (!parsed.success) throw new CliUsageError(`cannot tell the language of ${file}: pass --lang python|typescript|javascript`);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliUsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const result = await gradeCode({ exerciseId, language: parsed.data, source, mode: values.visible ? 'visible' : 'submit' });
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
    } else {
      for (const t of result.tests) {
        console.log(`${t.status === 'passed' ? 'PASS' : 'FAIL'} ${String(t.score).padStart(5)}/${String(t.max_score).padEnd(5)} ${t.name}`);
        if (t.status === 'failed' && t.output) console.log(indent(t.output));
      }
      if (!result.gradable) console.log(`NOT GRADABLE (this attempt does not count)\n${indent(result.format_errors.join('\n'))}`);
      else console.log(`\n${result.output}`);
      console.log(`\nScore: ${result.score} / ${result.max_score}${result.execution_time !== undefined ? `  (${result.execution_time} s)` : ''}`);
    }
    return 0;
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}
