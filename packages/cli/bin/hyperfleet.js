#!/usr/bin/env node
// Runs the CLI's TypeScript source through tsx, with the "development" export condition so
// that the @hyperfleet/* workspaces resolve to their sources as well. tsx is resolved from
// here, not from the caller's directory, so `hyperfleet` works from anywhere.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

const child = spawn(
  process.execPath,
  ['--conditions=development', '--import', tsx, main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);

// Ctrl-C reaches the child from the terminal itself; the child decides when to stop.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));

child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
