import type { Database, Statement } from 'better-sqlite3';
import { openSqliteConnection, SQLITE_BUSY_TIMEOUT_MS, type Db } from './db';

// The submit path's few statements (session user, exercise, attempts, insert)
// run hundreds of times a second at a deadline. Through Prisma even a raw
// statement costs about half a millisecond of CPU at a rush: its query
// interpreter, argument mapping, and a fresh prepare of the same SQL every
// time. On SQLite they go straight to the connection Prisma has open (so no
// second connection, no lock between the two), as statements prepared once;
// better-sqlite3 runs one in a few microseconds. On PostgreSQL, or before
// Prisma has connected, they go through Prisma's $queryRaw / $executeRaw.
//
// Values are written as Prisma's SQLite adapter writes them (dates as ISO
// 8601 with "+00:00", booleans as 0/1), and columns read back as the model API
// reads them: DATETIME as Date, BOOLEAN as boolean (by the declared type of
// the column, aliases and joins included).

export type SqlValue = string | number | boolean | Date | null;

export interface HotSql {
  rows<T>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<T[]>;
  /** the number of rows changed */
  run(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<number>;
}

export function hotSql(db: Db): HotSql {
  const connection = openSqliteConnection(db);
  if (connection) return sqliteSql(connection);
  return {
    rows: <T>(strings: TemplateStringsArray, ...values: SqlValue[]) => db.$queryRaw<T[]>(strings, ...values),
    run: (strings: TemplateStringsArray, ...values: SqlValue[]) => db.$executeRaw(strings, ...values),
  };
}

interface Prepared {
  statement: Statement;
  /** per result column: how to read it back, by its declared type */
  read: [name: string, as: 'date' | 'boolean' | 'plain'][];
}
const prepared = new WeakMap<Database, Map<TemplateStringsArray, Prepared>>();

function prepare(connection: Database, strings: TemplateStringsArray): Prepared {
  let byCallSite = prepared.get(connection);
  if (!byCallSite) prepared.set(connection, (byCallSite = new Map()));
  let p = byCallSite.get(strings);
  if (!p) {
    // Prisma's adapter turns on safe integers (BigInt) for the connection; the model API returns numbers
    const statement = connection.prepare(strings.join('?'));
    if (statement.reader) statement.safeIntegers(false);
    const read = statement.reader
      ? statement.columns().map((c): Prepared['read'][number] => {
          const type = (c.type ?? '').toUpperCase();
          return [c.name, type === 'DATETIME' ? 'date' : type === 'BOOLEAN' ? 'boolean' : 'plain'];
        })
      : [];
    byCallSite.set(strings, (p = { statement, read }));
  }
  return p;
}

const toSqlite = (v: SqlValue) => (v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v);

function fromSqlite(row: Record<string, unknown>, read: Prepared['read']): Record<string, unknown> {
  for (const [name, as] of read) {
    const v = row[name];
    if (v === null || v === undefined || as === 'plain') continue;
    row[name] = as === 'date' ? new Date(v as string | number) : v === 1 || v === true;
  }
  return row;
}

function sqliteSql(connection: Database): HotSql {
  return {
    // A template literal's strings are one object per call site: the cache key.
    async rows<T>(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const { statement, read } = prepare(connection, strings);
      return (statement.all(...values.map(toSqlite)) as Record<string, unknown>[]).map((r) => fromSqlite(r, read)) as T[];
    },
    async run(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const { statement } = prepare(connection, strings);
      const args = values.map(toSqlite);
      return withoutWaiting(connection, () => statement.run(...args).changes);
    },
  };
}

// Another process's write (the recorder's) holds SQLite's one write lock for a
// moment. better-sqlite3 waits for it inside the call, and the whole web
// server with it: no other request is read or answered meanwhile. A write
// here is tried without waiting and, while the lock is taken, tried again
// after a pause, so the server goes on with other requests, for as long as a
// Prisma write would wait (SQLITE_BUSY_TIMEOUT_MS).
async function withoutWaiting<T>(connection: Database, attempt: () => T): Promise<T> {
  const giveUpAt = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let pause = 1; ; pause = Math.min(2 * pause, 25)) {
    connection.pragma('busy_timeout = 0');
    try {
      return attempt();
    } catch (e) {
      if (!String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() > giveUpAt) throw e;
    } finally {
      // the connection is Prisma's (lib/db.ts opens it with this timeout): its own statements wait as before
      connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}
