// A PostgreSQL database of a benchmark run's own: cloned from a migrated template (prepared
// by scripts/bench.sh, or by scripts/test.sh for the smoke test), or empty (for Optuna), and
// dropped afterwards. Names start with hf_bench_ so that leftovers of a killed run are plain.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cloneTemplate as cloneTestTemplate, withClient } from '../../test/helpers/database.js';

export interface BenchDatabase {
  name: string;
  url: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  drop(): Promise<void>;
}

/** The migrated template to clone: the bench's own, else the test suite's. */
export function templateUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.HYPERFLEET_BENCH_TEMPLATE_URL ??
    env.HYPERFLEET_TEST_DATABASE_URL ??
    'postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet_bench_template'
  );
}

export async function createBenchDatabase(
  options: { empty?: boolean } = {},
): Promise<BenchDatabase> {
  const template = new URL(templateUrl());
  const name = `hf_bench_${randomBytes(5).toString('hex')}`;
  const admin = withDatabase(template, 'postgres');
  await withClient(admin, async (client) => {
    if (options.empty) await client.query(`CREATE DATABASE "${name}"`);
    else await cloneTestTemplate(client, name, template.pathname.slice(1), 'scripts/bench.sh');
  });

  const url = withDatabase(template, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let dropped = false;
  return {
    name,
    url,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await withClient(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

function withDatabase(base: URL, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
