import { parseArgs, type ParseArgsConfig } from 'node:util';

// `convgrade <command> ...`: each command lives in cli/<command>.ts and exports
// `run(argv)` returning an exit code, so new commands slot in without touching this file
// beyond the list below.

export interface CliCommand {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  exercises: () => import('./exercises'),
  variant: () => import('./variant'),
  check: () => import('./check'),
  grade: () => import('./grade'),
  train: () => import('./train'),
  validate: () => import('./validate'),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`convgrade: unknown command "${name}". Run "convgrade --help" for the list.`);
    return 2;
  }
  let mod: { command: CliCommand };
  try {
    mod = await load();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(String(e))) {
      console.error(`convgrade: command "${name}" is not available in this build.`);
      return 2;
    }
    throw e;
  }
  try {
    return await mod.command.run(rest);
  } catch (e) {
    if (e instanceof CliUsageError) {
      console.error(`convgrade ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

export class CliUsageError extends Error {}

/** parseArgs with errors turned into usage errors (clear message, exit code 2). */
export function parseCli<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}

async function printHelp() {
  const lines = ['Usage: convgrade <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      const { command } = await load();
      lines.push(`  ${name.padEnd(10)} ${command.summary}`);
    } catch {
      // a command whose module is absent is simply not listed
    }
  }
  console.log(lines.join('\n'));
}
