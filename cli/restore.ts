import { BackupError, restoreDatabase } from '../lib/backup/backup';
import { databaseFileUrl, databaseProvider } from '../lib/env';
import { CliUsageError, parseCli, type CliCommand } from './command';

export const command: CliCommand = {
  summary: 'replace the database with a backup made by `convgrade backup` (stop the platform first)',
  async run(argv) {
    const { positionals } = parseCli({ args: argv, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new CliUsageError('usage: convgrade restore <file>');
    const url = databaseFileUrl();
    try {
      await restoreDatabase({ url, file: positionals[0] });
      console.log(`restored the ${databaseProvider(url)} database from ${positionals[0]}`);
      return 0;
    } catch (e) {
      if (!(e instanceof BackupError)) throw e;
      console.error(`convgrade restore: ${e.message}`);
      return 1;
    }
  },
};
