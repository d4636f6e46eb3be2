import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
// adapter-pg 7 for the CLI only: 6.19's cannot read the `name` columns migrate
// deploy queries (Prisma issue 27403). The app's client uses @prisma/adapter-pg 6.19.
import { PrismaPg } from 'prisma-adapter-pg-7';
import { databaseFileUrl, databaseProvider } from './lib/env';

// The JS schema engine with a driver adapter: works offline, with no engine
// binary to download. Prisma allows no env() in a schema's provider, so
// PostgreSQL has its own schema file and migrations folder, picked here by
// DATABASE_URL.
const postgres = databaseProvider() === 'postgresql';
const dir = postgres ? path.join('prisma', 'postgres') : 'prisma';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(dir, 'schema.prisma'),
  migrations: { path: path.join(dir, 'migrations') },
  adapter: async () =>
    postgres
      ? // one connection: two deploys at once then queue on Prisma's advisory lock
        new PrismaPg({ connectionString: databaseFileUrl(), max: 1 })
      : new PrismaBetterSQLite3({ url: databaseFileUrl() }),
});
