import { CliUsageError, type CliCommand } from './command';

// `convgrade <command> ...`: each command lives in cli/<command>.ts and exports
// `run(argv)` returning an exit code, so new commands slot in without touching this file
// beyond the list below.

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  exercises: () => import('./exercises'),
  variant: () => import('./variant'),
  check: () => import('./check'),
  grade: () => import('./grade'),
  train: () => import('./train'),
  validate: () => import('./validate'),
  backup: () => import('./backup'),
  restore: () => import('./restore'),
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
  const mod = await load();
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

async function printHelp() {
  const lines = ['Usage: convgrade <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  console.log(lines.join('\n'));
}
