// Opens the Prisma client on PostgreSQL through the pg driver adapter (no query engine
// binary: Prisma 6.19's JavaScript engine, see ../shared/notes/toolchain.md).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export type Database = PrismaClient;

export interface DatabaseOptions {
  /** postgresql://user@host:port/db */
  url: string;
  /** Connections in the pool; the coordinator is the only writer and needs few. */
  poolSize?: number;
}

export function openDatabase(options: DatabaseOptions): Database {
  const adapter = new PrismaPg({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A restarted PostgreSQL drops every connection; the pool replaces them on next use.
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 30_000 } });
}
