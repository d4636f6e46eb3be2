import fs from 'node:fs';
import path from 'node:path';
import { ZLanguage, type Language } from '../lib/exercises/schema';
import { gradeCode } from '../worker/code/grade-code';
import { CliUsageError, parseCli, type CliCommand } from './command';
import { jsonForTerminal, printSafe } from './print';

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
    // everything the submission could have written goes through printSafe / jsonForTerminal
    if (values.json) {
      console.log(jsonForTerminal(result));
    } else {
      for (const t of result.tests) {
        printSafe(`${t.status === 'passed' ? 'PASS' : 'FAIL'} ${String(t.score).padStart(5)}/${String(t.max_score).padEnd(5)} ${t.name}`);
        // a passed test shows only what the program printed during its case
        if (t.output && (t.status === 'failed' || t.output.includes('Your program printed'))) printSafe(indent(t.output));
      }
      if (!result.gradable) printSafe(`NOT GRADABLE (this attempt does not count)\n${indent(result.format_errors.join('\n'))}`);
      else printSafe(`\n${result.output}`);
      const raw = result.extra_data?.instructorOutput;
      if (typeof raw === 'string' && raw) printSafe(`\nOutput outside the harness (instructors only):\n${indent(raw)}`);
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
