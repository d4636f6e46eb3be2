import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../cli/command';
import { command } from '../../cli/train';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');

describe('convgrade train', () => {
  it('trains the seed model through the real launcher and prints the figures as JSON', async () => {
    const { stdout } = await run(
      'node',
      ['bin/convgrade.js', 'train', 'test/fixtures/models/seed-spec.yaml', '--train-limit', '1000', '--epochs', '1', '--backend', 'cpu', '--json'],
      { cwd: repo, timeout: 120_000 },
    );
    const report = JSON.parse(stdout);
    expect(report.gradable).toBe(true);
    expect(report.params).toBe(13602);
    expect(report.backend).toMatch(/^cpu/);
    expect(report.trainImages).toBe(1000);
    for (const k of ['publicAccuracy', 'privateAccuracy', 'testAccuracy']) {
      expect(report[k]).toBeGreaterThan(0.3);
      expect(report[k]).toBeLessThanOrEqual(1);
    }
    expect(report.seconds).toBeGreaterThan(0);
    expect(report.imagesPerSecond).toBeGreaterThan(0);
  });

  it('rejects an invalid model with exit code 1 and the reason', async () => {
    const logs: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    try {
      const code = await command.run([path.join(repo, 'test/fixtures/keras/lambda-tfkeras2.json'), '--backend', 'cpu']);
      expect(code).toBe(1);
    } finally {
      console.log = orig;
    }
    expect(logs.join('\n')).toMatch(/model rejected:[\s\S]*Lambda/);
  });

  it('without --backend it uses TRAIN_BACKEND, as the worker does', async () => {
    const saved = process.env.TRAIN_BACKEND;
    let nativeInstalled = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    } catch {
      nativeInstalled = false;
    }
    try {
      process.env.TRAIN_BACKEND = 'gpu-please';
      // backendChoice()'s own wording, as a usage error rather than a crash.
      const bad = command.run([path.join(repo, 'test/fixtures/models/seed-spec.yaml')]);
      await expect(bad).rejects.toBeInstanceOf(CliUsageError);
      await expect(bad).rejects.toThrow(/TRAIN_BACKEND="gpu-please": must be auto, gpu, tensorflow or cpu/);
      // Forced native TensorFlow where it is not installed fails loudly instead of quietly training on the cpu.
      if (!nativeInstalled) {
        process.env.TRAIN_BACKEND = 'tensorflow';
        await expect(command.run([path.join(repo, 'test/fixtures/models/seed-spec.yaml'), '--train-limit', '32', '--json'])).rejects.toThrow(
          /TRAIN_BACKEND=tensorflow/,
        );
      }
    } finally {
      if (saved === undefined) delete process.env.TRAIN_BACKEND;
      else process.env.TRAIN_BACKEND = saved;
    }
  });

  it('usage errors: no file, bad backend, bad numbers', async () => {
    await expect(command.run([])).rejects.toThrow(/expected one model file/);
    await expect(command.run(['test/fixtures/models/seed-spec.yaml', '--backend', 'cuda'])).rejects.toThrow(/--backend must be auto, gpu, tensorflow or cpu/);
    await expect(command.run([path.join(repo, 'test/fixtures/models/seed-spec.yaml'), '--epochs', '0'])).rejects.toThrow(/--epochs/);
  });
});
