// One invocation of the CLI, from arguments to exit code, with the process kept out of it
// (streams, environment and Ctrl-C come in through `io`), so that a test can run it whole.
import { CommanderError } from 'commander';
import { errorLines, EXIT, exitCodeFor } from './errors.js';
import { buildProgram, type Io } from './program.js';

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.command.parseAsync([...argv], { from: 'user' });
    return program.exitCode();
  } catch (error) {
    // commander has already printed its own message (unknown option, missing argument).
    if (error instanceof CommanderError) return commanderExitCode(error);
    for (const line of errorLines(error)) io.stderr.write(`${line}\n`);
    return exitCodeFor(error);
  }
}

function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
    return EXIT.ok;
  }
  return EXIT.badRequest;
}
