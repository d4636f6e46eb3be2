import fs from 'node:fs';
import { BackupError, backupDatabase } from '../lib/backup/backup';
import { databaseFileUrl, databaseProvider } from '../lib/env';
import { CliUsageError, parseCli, type CliCommand } from './command';

export const command: CliCommand = {
  summary: 'back up the database to a file, online (SQLite backup API, or pg_dump)',
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new CliUsageError('usage: convgrade backup <file> [--force]');
    const [file] = positionals;
    if (fs.existsSync(file) && !values.force) throw new CliUsageError(`${file} exists; pass --force to overwrite it`);
    const url = databaseFileUrl();
    try {
      const { bytes } = await backupDatabase({ url, file });
      console.log(`backed up the ${databaseProvider(url)} database to ${file} (${bytes} bytes)`);
      return 0;
    } catch (e) {
      if (!(e instanceof BackupError)) throw e;
      console.error(`convgrade backup: ${e.message}`);
      return 1;
    }
  },
};
