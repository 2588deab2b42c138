// Prisma CLI configuration. Prisma 6.19 runs offline here only with the JavaScript engine and
// the pg driver adapter (see ../shared/notes/toolchain.md); nothing is downloaded.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const NAME_TYPE_OID = 19;
const TEXT_TYPE_OID = 25;

// prisma/orm#27403: catalog queries return columns of type `name`, which the adapter cannot
// deserialize, so `migrate deploy` fails. Reporting them as text is exact for our use.
class CatalogSafePool extends pg.Pool {
  override query(...args: unknown[]): any {
    const result = (super.query as (...a: unknown[]) => any)(...args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === NAME_TYPE_OID) field.dataTypeID = TEXT_TYPE_OID;
      }
      return res;
    });
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

// @prisma/adapter-pg 6.19 runs a migration by splitting it on every ";", which cuts the
// PL/pgSQL function bodies of the hot-path migration apart. PostgreSQL takes the whole
// script as one simple query, run as one implicit transaction, so it is sent whole.
class WholeScriptPrismaPg extends PrismaPg {
  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    const queryable = adapter as unknown as { client: pg.Pool; onError(error: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
    return adapter;
  }
}

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    return new WholeScriptPrismaPg(new CatalogSafePool({ connectionString }));
  },
});
