// The command tree: global options, one noun per module under commands/, and the adapter
// that turns a commander action into "validated context in, exit code out".
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerDeployCommands } from './commands/deploy.js';
import { registerPoolCommands } from './commands/pool.js';
import { registerPredictCommand } from './commands/predict.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerTrialCommands } from './commands/trials.js';
import { Context, GRPC_CONNECTORS, type Connectors } from './context.js';
import { EXIT } from './errors.js';
import {
  DEFAULT_COORDINATOR,
  DEFAULT_DEPLOY,
  resolveGlobalOptions,
  type RawGlobalOptions,
} from './options.js';
import { Output, type TextSink } from './output.js';

export interface Io {
  stdout: TextSink;
  stderr: TextSink;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  connectors?: Connectors;
}

/** What a command's handler gets: its positional arguments, its own flags, the context. */
export interface Invocation {
  args: string[];
  flags: Record<string, unknown>;
  ctx: Context;
}

export type Handler = (invocation: Invocation) => Promise<number | void>;

/** Wraps a handler as a commander action; `Act` is what every commands/*.ts receives. */
export type Act = (handler: Handler) => (...commanderArgs: unknown[]) => Promise<void>;

export interface Program {
  command: Command;
  /** The exit code of the action that ran, once parseAsync has resolved. */
  exitCode(): number;
}

export function buildProgram(io: Io): Program {
  let exitCode: number = EXIT.ok;
  const act: Act =
    (handler) =>
    async (...commanderArgs) => {
      // commander calls an action with the positionals, then the command's flags, then the command.
      const command = commanderArgs.at(-1) as Command;
      const flags = commanderArgs.at(-2) as Record<string, unknown>;
      const args = commanderArgs
        .slice(0, -2)
        .flat()
        .filter((arg): arg is string => typeof arg === 'string');
      const options = resolveGlobalOptions(globalFlags(command), io.env);
      const out = new Output(io.stdout, io.stderr, { json: options.json, env: io.env });
      const ctx = new Context(options, out, io.env, io.signal, io.connectors ?? GRPC_CONNECTORS);
      try {
        exitCode = (await handler({ args, flags, ctx })) ?? EXIT.ok;
      } finally {
        ctx.close();
      }
    };

  const program = addGlobalOptions(
    new Command('hyperfleet')
      .description(
        'Submit and follow hyperparameter sweeps, inspect trials and the worker pool, and query the deployed model.',
      )
      .version(packageVersion(), '-V, --version'),
  )
    // Global options are taken before the command and again on each leaf command, so that
    // `predict --version 3` means the model version, not this program's version.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');

  registerSweepCommands(program, act);
  registerTrialCommands(program, act);
  registerPoolCommands(program, act);
  registerDeployCommands(program, act);
  registerPredictCommand(program, act);
  for (const leaf of leaves(program)) addGlobalOptions(leaf);
  return { command: program, exitCode: () => exitCode };
}

function addGlobalOptions(command: Command): Command {
  return command
    .option(
      '--coordinator <host:port>',
      `coordinator address (env HYPERFLEET_COORDINATOR, default ${DEFAULT_COORDINATOR})`,
    )
    .option(
      '--deploy <host:port>',
      `deploy service address (env HYPERFLEET_DEPLOY, default ${DEFAULT_DEPLOY})`,
    )
    .option('--token <token>', 'bearer token for both services (env HYPERFLEET_TOKEN)')
    .option(
      '--json',
      'machine-readable output: one JSON document, or one JSON object per line when watching',
    );
}

/** The global flags as given before the command and on it; the nearer one wins. */
function globalFlags(leaf: Command): RawGlobalOptions {
  const chain: Command[] = [];
  for (let command: Command | null = leaf; command; command = command.parent) {
    chain.unshift(command);
  }
  const merged: Record<string, unknown> = {};
  for (const command of chain) {
    for (const [key, value] of Object.entries(command.opts())) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as RawGlobalOptions;
}

function leaves(command: Command): Command[] {
  if (command.commands.length === 0) return [command];
  return command.commands.flatMap(leaves);
}

function packageVersion(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}
