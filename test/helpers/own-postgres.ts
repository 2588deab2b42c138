// A PostgreSQL cluster of the test's own (Debian's pg_createcluster, its own port and data
// directory), so that a test may restart it. The machine's shared server is never touched.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { freePort } from './ports.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface OwnPostgres {
  url: string;
  restart(): Promise<void>;
  drop(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const version = readdirSync('/etc/postgresql').sort().at(-1)!;
  const name = `hf${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  await run('pg_createcluster', [version, name, '-p', String(port), '--start', '--', '--auth-host=trust', '--auth-local=trust']);
  const url = `postgresql://postgres@127.0.0.1:${port}/hyperfleet`;
  await run(process.execPath, [path.join(REPO, 'scripts/create-database.mjs'), url]);
  await run('npx', ['prisma', 'migrate', 'deploy'], { cwd: REPO, env: { ...process.env, DATABASE_URL: url } });
  return {
    url,
    async restart() {
      await run('pg_ctlcluster', [version, name, 'restart']);
    },
    async drop() {
      await run('pg_dropcluster', [version, name, '--stop']);
    },
  };
}
