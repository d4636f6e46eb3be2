import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/prisma/client';
import { databaseFileUrl } from './env';

export type Db = PrismaClient;

export function createDb(url: string = databaseFileUrl()): Db {
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
