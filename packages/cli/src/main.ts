// The `hyperfleet` process: real streams and environment, Ctrl-C, and the exit code.
import { EXIT, InterruptedError } from './errors.js';
import { run } from './run.js';

const interrupt = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C lets a watch say where it stopped; a second one does not wait.
  if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
  interrupt.abort(new InterruptedError());
});

// `hyperfleet trials list ID | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});

// A stream left open by an interrupted watch would keep the process alive; nothing else is pending.
if (code === EXIT.interrupted) process.exit(code);
process.exitCode = code;
