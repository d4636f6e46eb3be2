import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbProvider } from '../helpers/test-db';

// The migrations, applied as at start-up, must build exactly the tables and
// columns the schema describes: a model change without its migration (on
// either provider) fails here. CI runs this file on SQLite and on PostgreSQL.

type Column = { table: string; column: string; nullable: boolean };
const SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'DateTime', 'BigInt', 'Decimal', 'Json', 'Bytes']);

function schemaColumns(schema: string): Column[] {
  const out: Column[] = [];
  for (const [, table, body] of schema.matchAll(/^model (\w+) \{([^}]*)\}/gm)) {
    for (const line of body.split('\n')) {
      const m = /^\s*(\w+)\s+(\w+)(\??)/.exec(line.replace(/\/\/.*/, ''));
      if (m && SCALARS.has(m[2])) out.push({ table, column: m[1], nullable: m[3] === '?' });
    }
  }
  return out;
}

const { db } = createTestDb();
afterAll(() => db.$disconnect());

async function databaseColumns(): Promise<Column[]> {
  if (testDbProvider === 'postgresql') {
    const rows = await db.$queryRawUnsafe<{ table_name: string; column_name: string; is_nullable: string }[]>(
      // information_schema uses the `name` type, which adapter-pg 6 cannot read: cast to text.
      `SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    );
    return rows.map((r) => ({ table: r.table_name, column: r.column_name, nullable: r.is_nullable === 'YES' }));
  }
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
  );
  const out: Column[] = [];
  for (const { name } of tables) {
    const cols = await db.$queryRawUnsafe<{ name: string; notnull: number | bigint; pk: number | bigint }[]>(
      `SELECT name, "notnull", pk FROM pragma_table_info('${name}')`,
    );
    // SQLite allows NULL in a TEXT primary key unless declared NOT NULL; Prisma declares it.
    for (const c of cols) out.push({ table: name, column: c.name, nullable: Number(c.notnull) === 0 });
  }
  return out;
}

const key = (c: Column) => `${c.table}.${c.column}${c.nullable ? '?' : ''}`;

describe(`migrations on ${testDbProvider}`, () => {
  it('build every table and column of the schema, and nothing else', async () => {
    const expected = schemaColumns(fs.readFileSync('prisma/schema.prisma', 'utf8')).map(key).sort();
    expect(expected.length).toBeGreaterThan(20);
    expect((await databaseColumns()).map(key).sort()).toEqual(expected);
  });
});
