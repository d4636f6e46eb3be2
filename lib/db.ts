import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { Database as BetterSqliteDatabase } from 'better-sqlite3';
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
  const adapter = new SqliteAdapter({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter, transactionOptions });
  (client as unknown as Record<symbol, SqliteAdapter>)[SQLITE_ADAPTER] = adapter;
  return client;
}

/**
 * The better-sqlite3 connection a SQLite client has open, or null (PostgreSQL,
 * or not connected yet): lib/hot-sql.ts sends the submit path's statements
 * straight to it.
 */
export function openSqliteConnection(db: Db): BetterSqliteDatabase | null {
  const connection = (db as unknown as Record<symbol, SqliteAdapter | undefined>)[SQLITE_ADAPTER]?.connection;
  return connection?.open ? connection : null;
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
  connection: BetterSqliteDatabase | null = null;
  async connect() {
    const adapter = await super.connect();
    await adapter.executeScript('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    // the adapter keeps its better-sqlite3 handle in `client`; a reconnect replaces it
    this.connection = (adapter as unknown as { client: BetterSqliteDatabase }).client;
    return adapter;
  }
}
// On the client itself, under a registered symbol: the web server's fast path and the
// Next.js bundle each load their own copy of this module but share one client (db()).
const SQLITE_ADAPTER = Symbol.for('convgrade.sqliteAdapter');

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
  // better-sqlite3's own error, from a statement lib/hot-sql.ts sent to the connection directly
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation');
}
