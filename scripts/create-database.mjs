// Creates the database named in a PostgreSQL URL when it does not exist yet.
// usage: node scripts/create-database.mjs URL [--fresh] [--template NAME]
import pg from 'pg';

const [url, ...flags] = process.argv.slice(2);
if (!url) {
  console.error('usage: create-database.mjs URL [--fresh] [--template NAME]');
  process.exit(2);
}
const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error(`database name must be lower-case letters, digits and _ (got "${name}")`);
  process.exit(2);
}
const templateIndex = flags.indexOf('--template');
const template = templateIndex >= 0 ? flags[templateIndex + 1] : undefined;

const admin = new URL(url);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
try {
  if (flags.includes('--fresh')) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
} finally {
  await client.end();
}
