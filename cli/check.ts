import { CliUsageError, parseCli, type CliCommand } from './command';
import { UnknownNumericExerciseError } from '../lib/exercises/numeric';
import { discoverExercises } from '../lib/exercises/discover';

// Grade one answer for one variant, as the web app would. Exit 0 when graded
// (right or wrong), 2 when the answer could not be graded at all.

export const command: CliCommand = {
  summary: "grade a numeric answer: <exercise-id> --seed <text> --answer '<json>' [--json] [--reveal]",
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        answer: { type: 'string' },
        json: { type: 'boolean', default: false },
        reveal: { type: 'boolean', default: false },
      },
    } as const);
    const exerciseId = positionals[0];
    if (!exerciseId || positionals.length > 1) {
      throw new CliUsageError("usage: convgrade check <exercise-id> --seed <text> --answer '<json>' [--json] [--reveal]");
    }
    const { numeric } = await discoverExercises();
    if (!numeric.has(exerciseId)) {
      throw new CliUsageError(`"${exerciseId}" is not a numeric exercise (known: ${numeric.ids().join(', ')})`);
    }
    if (values.seed === undefined) throw new CliUsageError('--seed <text> is required');
    if (values.answer === undefined) throw new CliUsageError("--answer '<json>' is required, e.g. --answer '{\"height\": 127}'");
    let raw: unknown;
    try {
      raw = JSON.parse(values.answer);
    } catch (e) {
      throw new CliUsageError(`--answer is not valid JSON: ${(e as Error).message}`);
    }
    let check;
    try {
      check = numeric.checkNumericAnswer({ exerciseId, seed: values.seed, raw, revealSolution: values.reveal });
    } catch (e) {
      if (e instanceof UnknownNumericExerciseError) throw new CliUsageError(e.message);
      throw e;
    }
    if (check.kind === 'invalid') {
      if (values.json) console.log(JSON.stringify(check, null, 2));
      const lines = Object.entries(check.errors).map(([field, msg]) => `  ${field}: ${msg}`);
      console.error(`convgrade check: the answer cannot be graded (not counted as an attempt):\n${lines.join('\n')}`);
      return 2;
    }
    const { result } = check;
    if (!values.json) {
      console.log(`score ${result.score} / ${result.max_score}`);
      for (const t of result.tests) console.log(`  ${t.status === 'passed' ? 'PASS' : 'FAIL'}  ${t.name}: ${t.output}`);
      console.log('');
    }
    console.log(JSON.stringify(result, null, 2));
    return 0;
  },
};
