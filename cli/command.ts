import { parseArgs, type ParseArgsConfig } from 'node:util';

// What every `convgrade <command>` module shares with the dispatcher in main.ts.
// Kept apart from main.ts so commands never import the file that imports them.

export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** A mistake in how the command was called: its message is printed with exit code 2. */
export class CliUsageError extends Error {}

/** parseArgs with errors turned into usage errors (clear message, exit code 2). */
export function parseCli<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}
