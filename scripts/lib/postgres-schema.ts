// The PostgreSQL schema is the SQLite one with another header: Prisma does not
// allow env() in `provider`, so each database has its own schema file, and the
// models below the header must stay identical (test/prisma/schemas-in-step.test.ts).

const HEADER = `// GENERATED from prisma/schema.prisma by scripts/postgres-migration.ts: edit
// that file, then run \`npx tsx scripts/postgres-migration.ts <NNNN_name>\`.
// PostgreSQL through @prisma/adapter-pg (lib/db.ts); same models as SQLite.

generator client {
  provider   = "prisma-client"
  output     = "../../lib/generated/prisma-postgres"
  engineType = "client"
}

datasource db {
  provider = "postgresql"
  // Kept so the CLI does not try to download a query engine; the adapter in
  // prisma.config.ts connects to DATABASE_URL.
  url      = "postgresql://localhost/convgrade"
}
`;

/** Everything from the first model/enum on: the part both schemas share. */
export function schemaBody(schema: string): string {
  const at = schema.search(/^(model|enum) /m);
  if (at < 0) throw new Error('no model in schema');
  return schema.slice(at);
}

export function postgresSchemaFrom(sqliteSchema: string): string {
  return `${HEADER}\n${schemaBody(sqliteSchema)}`;
}
