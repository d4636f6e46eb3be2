import fs from 'node:fs';
import path from 'node:path';
import { ZTrainSettings, type TrainJob } from '../lib/queue/contract';
import { CliUsageError, parseCli, type CliCommand } from './command';
import { ZModelFormat } from '../lib/vocabulary';
import { jsonForTerminal, printSafe } from './print';

// `convgrade train <model-file>`: the worker's code path (runTrainJob) on a
// local file, so an instructor can check a model or a machine's speed.

const USAGE =
  'convgrade train <model-file> [--epochs N] [--train-limit N] [--backend auto|gpu|tensorflow|cpu (default: $TRAIN_BACKEND, else auto)] [--json]\n' +
  '  [--format keras|spec|tfjs] [--optimizer sgd|adam|rmsprop] [--lr X] [--batch-size N] [--max-seconds S] [--exercise ID]';

export const command: CliCommand = {
  summary: 'train and evaluate a model file exactly as the worker does (accuracy, params, backend, speed)',
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: {
        epochs: { type: 'string' },
        'train-limit': { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        optimizer: { type: 'string' },
        lr: { type: 'string' },
        'batch-size': { type: 'string' },
        'max-seconds': { type: 'string' },
        exercise: { type: 'string', default: 'mnist-challenge' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new CliUsageError(`expected one model file\n${USAGE}`);
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new CliUsageError(`no such file: ${file}`);
    // Without --backend, the same TRAIN_BACKEND the worker reads, so the CLI measures what the worker would run.
    const backend = (values.backend as string | undefined) ?? (await envBackend());
    if (!['auto', 'gpu', 'tensorflow', 'cpu'].includes(backend)) throw new CliUsageError('--backend must be auto, gpu, tensorflow or cpu');
    const content = fs.readFileSync(file, 'utf8');
    const format = (values.format as string | undefined) ?? guessFormat(file, content);
    if (!ZModelFormat.safeParse(format).success) throw new CliUsageError(`--format must be one of ${ZModelFormat.options.join(', ')}`);

    const { loadModelExercise } = await import('../worker/train/exercise-settings');
    const exercise = loadModelExercise(values.exercise as string);
    const d = exercise.settings.training.defaults;
    const settings = ZTrainSettings.safeParse({
      optimizer: values.optimizer ?? d.optimizer,
      learningRate: num(values.lr, '--lr') ?? d.learningRate,
      batchSize: int(values['batch-size'], '--batch-size') ?? d.batchSize,
      epochs: int(values.epochs, '--epochs') ?? d.epochs,
    });
    if (!settings.success) throw new CliUsageError(settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const trainLimit = int(values['train-limit'], '--train-limit');
    const maxSeconds = num(values['max-seconds'], '--max-seconds');

    const job: TrainJob = {
      submissionId: `cli-${path.basename(file)}`,
      exerciseId: values.exercise as string,
      run: 1,
      exerciseVersion: 'cli',
      model: { format: format as TrainJob['model']['format'], content, weights: format === 'tfjs' ? readWeights(file, content) : undefined },
      settings: settings.data,
    };
    const { runTrainJob } = await import('../worker/train/train-job');
    const json = values.json as boolean;
    let lastLine = '';
    const result = await runTrainJob(job, {
      exercise,
      trainLimit,
      budgets: maxSeconds !== undefined ? { maxSeconds } : undefined,
      backend: backend as 'auto' | 'gpu' | 'tensorflow' | 'cpu',
      log: (line) => (json ? console.error(line) : console.log(line)),
      onProgress: json
        ? undefined
        : (p) => {
            if (p.phase !== 'training' || p.batch === undefined || !p.batches) return;
            const line = `epoch ${p.epoch}/${p.epochs}  batch ${p.batch}/${p.batches}`;
            if (line !== lastLine && process.stderr.isTTY) process.stderr.write(`\r${line}   `);
            lastLine = line;
          },
    });
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    const x = (result.extra_data ?? {}) as Record<string, unknown>;
    const report = {
      gradable: result.gradable,
      errors: result.format_errors,
      publicAccuracy: x.publicAccuracy ?? null,
      privateAccuracy: x.privateAccuracy ?? null,
      testAccuracy: x.testAccuracy ?? null,
      params: x.params ?? null,
      backend: x.backend ?? null,
      seconds: x.seconds ?? null,
      imagesPerSecond: x.imagesPerSecond ?? null,
      trainImages: x.trainImages ?? null,
      epochsRun: x.epochsRun ?? null,
      stoppedBy: x.stoppedBy ?? null,
      score: result.score,
      maxScore: result.max_score,
      message: result.output,
    };
    if (json) {
      console.log(jsonForTerminal(report));
    } else if (!result.gradable) {
      printSafe(`model rejected:\n  ${result.format_errors.join('\n  ')}`);
    } else {
      const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : 'n/a');
      printSafe(String(x.summary ?? ''));
      printSafe(result.output);
      console.log(
        [
          `public accuracy   ${pct(report.publicAccuracy)}`,
          `private accuracy  ${pct(report.privateAccuracy)}`,
          `test accuracy     ${pct(report.testAccuracy)}  (all 10,000)`,
          `parameters        ${Number(report.params).toLocaleString('en-US')}`,
          `backend           ${report.backend}`,
          `seconds           ${Number(report.seconds).toFixed(1)}`,
          `images/s          ${Math.round(Number(report.imagesPerSecond))}`,
          `score             ${result.score} / ${result.max_score}`,
        ].join('\n'),
      );
    }
    return result.gradable && x.stoppedBy !== 'nan' ? 0 : 1;
  },
};

/** TRAIN_BACKEND read exactly as the worker reads it; a bad value is the user's to fix, so a usage error. */
async function envBackend(): Promise<string> {
  // Imported here, as the other worker modules are, so --help and usage errors do not load TensorFlow.js first.
  const { backendChoice, BackendUnavailableError } = await import('../worker/train/backend');
  try {
    return backendChoice();
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new CliUsageError(e.message);
    throw e;
  }
}

function guessFormat(file: string, content: string): string {
  if (/\.ya?ml$/i.test(file)) return 'spec';
  try {
    const doc = JSON.parse(content) as Record<string, unknown>;
    if (doc && typeof doc === 'object' && 'modelTopology' in doc) return 'tfjs';
    if (doc && typeof doc === 'object' && 'class_name' in doc) return 'keras';
  } catch {
    return 'spec';
  }
  return 'spec';
}

function readWeights(file: string, content: string): Record<string, string> {
  const dir = path.dirname(file);
  const out: Record<string, string> = {};
  const doc = JSON.parse(content) as { weightsManifest?: { paths?: string[] }[] };
  for (const g of doc.weightsManifest ?? []) {
    for (const p of g.paths ?? []) {
      const f = path.join(dir, p);
      if (fs.existsSync(f)) out[p] = fs.readFileSync(f).toString('base64');
    }
  }
  return out;
}

function int(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliUsageError(`${flag} must be a positive integer`);
  return n;
}
function num(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`${flag} must be a positive number`);
  return n;
}
