import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { PrismaClient as PostgresClient } from './generated/prisma-postgres/client';
import { databaseFileUrl, databaseProvider } from './env';

// Both generated clients have the same models (the schemas are kept in step),
// so the PostgreSQL one is used through the SQLite client's type.
export type Db = PrismaClient;

export function createDb(url: string = databaseFileUrl()): Db {
  // A transaction may wait its turn as long as a single write may (the busy timeout), not Prisma's
  // default 2 s: under a burst on a busy machine several recorders and the web server queue for one
  // SQLite file's write lock, or for one of PostgreSQL's pooled connections, and a result must wait
  // rather than fail.
  const transactionOptions = { maxWait: SQLITE_BUSY_TIMEOUT_MS, timeout: 2 * SQLITE_BUSY_TIMEOUT_MS };
  if (databaseProvider(url) === 'postgresql') {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), transactionOptions }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new SqliteAdapter({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }), transactionOptions });
}

/** How long a write waits for another process's write to finish before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

// The web server and the recorder (services) write one SQLite file. In WAL
// mode readers never wait for a writer nor a writer for readers, and a commit
// appends to the log instead of rewriting pages behind a rollback journal, so
// the write lock is held for a moment; the busy timeout (above) makes the next
// writer wait for it instead of failing. WAL is a property of the file, set
// on every connect so a fresh or restored database gets it too. With WAL,
// synchronous=NORMAL is safe from corruption and syncs at checkpoints rather
// than at every commit (a power cut may undo the last moments, as Redis's
// appendfsync everysec does; a crashed process loses nothing).
class SqliteAdapter extends PrismaBetterSQLite3 {
  async connect() {
    const adapter = await super.connect();
    await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    return adapter;
  }
}

// One client per process; Next.js dev reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { __convgradeDb?: Db };

export function db(): Db {
  return (holder.__convgradeDb ??= createDb());
}

/**
 * "Unique constraint failed": the row another request just wrote. Prisma's
 * model API reports it as P2002; a raw statement as P2010 with the driver
 * adapter's error kind.
 */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, meta } = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation');
}
