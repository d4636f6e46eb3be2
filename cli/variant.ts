import { CliUsageError, parseCli, type CliCommand } from './command';
import { UnknownNumericExerciseError } from '../lib/exercises/numeric';
import { discoverExercises } from '../lib/exercises/discover';
import { formatAnswerValue } from '../lib/grading/numeric-grade';
import { markdownToText } from '../lib/exercises/numeric/plain-text';

// Instructor tool: what a given seed's student sees, and the answer.

export const command: CliCommand = {
  summary: 'show a numeric exercise variant: parameters, prompt, correct answer (--seed <text> [--json] [--solution])',
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        solution: { type: 'boolean', default: false },
      },
    } as const);
    const exerciseId = positionals[0];
    const { numeric } = await discoverExercises();
    if (!exerciseId || positionals.length > 1) {
      throw new CliUsageError(`usage: convgrade variant <exercise-id> --seed <text> [--json] [--solution]; exercises: ${numeric.ids().join(', ')}`);
    }
    if (values.seed === undefined) throw new CliUsageError('--seed <text> is required');
    let variant;
    try {
      variant = numeric.getVariant(exerciseId, values.seed);
    } catch (e) {
      if (e instanceof UnknownNumericExerciseError) throw new CliUsageError(e.message);
      throw e;
    }
    const answer = numeric.correctAnswer(exerciseId, values.seed);
    const solution = numeric.workedSolution(exerciseId, values.seed);
    if (values.json) {
      console.log(JSON.stringify({ exerciseId, ...variant, answer, ...(values.solution ? { solution } : {}) }, null, 2));
      return 0;
    }
    const out: string[] = [`${exerciseId}  (seed ${JSON.stringify(values.seed)})`, '', 'Parameters:'];
    for (const [k, v] of Object.entries(variant.params)) out.push(`  ${k} = ${JSON.stringify(v)}`);
    out.push('', 'Prompt:', '', markdownToText(variant.prompt).trim(), '', 'Correct answer:');
    for (const field of variant.fields) {
      const unit = field.type !== 'matrix' && field.unit ? ` ${field.unit}` : '';
      out.push(`  ${field.name} (${field.label}) = ${formatAnswerValue(answer[field.name]!)}${unit}`);
    }
    if (values.solution) out.push('', 'Worked solution:', '', markdownToText(solution).trim());
    console.log(out.join('\n'));
    return 0;
  },
};
