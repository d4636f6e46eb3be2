import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { PrismaClient as PostgresClient } from './generated/prisma-postgres/client';
import { databaseFileUrl, databaseProvider } from './env';

// Both generated clients have the same models (the schemas are kept in step),
// so the PostgreSQL one is used through the SQLite client's type.
export type Db = PrismaClient;

export function createDb(url: string = databaseFileUrl()): Db {
  if (databaseProvider(url) === 'postgresql') {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process; Next.js dev reloads modules, so keep it on globalThis.
const holder = globalThis as unknown as { __convgradeDb?: Db };

export function db(): Db {
  return (holder.__convgradeDb ??= createDb());
}

/** Prisma's "unique constraint failed" (P2002): the row another request just wrote. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
