// A PostgreSQL database of a test's own, cloned from the migrated template that
// scripts/test.sh prepares, and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

const TEMPLATE_URL =
  process.env.HYPERFLEET_TEST_DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet_test_template';

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = new URL(TEMPLATE_URL);
  const templateName = template.pathname.slice(1);
  const name = `hf_test_${randomBytes(5).toString('hex')}`;
  const admin = new URL(TEMPLATE_URL);
  admin.pathname = '/postgres';

  await withClient(admin.toString(), (client) => cloneTemplate(client, name, templateName));
  const url = new URL(TEMPLATE_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });

  return {
    url: url.toString(),
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      await pool.end();
      await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * PostgreSQL refuses to copy a template while anyone is connected to it, which happens for
 * a moment when another run (re)creates it or clones it too: retry briefly. A missing
 * template is named with the script that makes it.
 */
export async function cloneTemplate(client: pg.Client, name: string, template: string, madeBy = 'scripts/test.sh'): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      const message = (error as Error).message;
      if (/does not exist/.test(message)) throw new Error(`template database "${template}" is missing: ${madeBy} migrates it`);
      if (attempt >= 50 || !/is being accessed by other users/.test(message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
