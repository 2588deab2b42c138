// `hyperfleet predict`: classify rows with the deployed model, either real MNIST digits it
// never saw (scored against their labels) or rows from a JSON file.
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../options.js';
import { heldOutDigits, readRowsFile } from '../predict-inputs.js';
import { confidence, predictionView, score } from '../present/predict-view.js';
import type { Act } from '../program.js';

const INT32_MAX = 2_147_483_647;

export interface PredictRequest {
  digits?: number;
  seed?: number;
  file?: string;
  /** 0 asks for the current version. */
  version: number;
}

export function predictRequest(flags: Record<string, unknown>): PredictRequest {
  const digits =
    typeof flags.digits === 'string'
      ? parseInteger(flags.digits, '--digits', { min: 1 })
      : undefined;
  const file = typeof flags.file === 'string' ? flags.file : undefined;
  if ((digits === undefined) === (file === undefined)) {
    throw new UsageError('--digits, --file', 'give exactly one of them');
  }
  if (flags.seed !== undefined && digits === undefined) {
    throw new UsageError('--seed', 'only applies with --digits');
  }
  const seed =
    typeof flags.seed === 'string'
      ? parseInteger(flags.seed, '--seed', { min: 1, max: Number.MAX_SAFE_INTEGER })
      : undefined;
  const version =
    typeof flags.version === 'string'
      ? parseInteger(flags.version, '--version', { min: 1, max: INT32_MAX })
      : 0;
  return {
    ...(digits !== undefined ? { digits } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(file ? { file } : {}),
    version,
  };
}

export function registerPredictCommand(program: Command, act: Act): void {
  program
    .command('predict')
    .description('classify rows of 784 pixels with the deployed model')
    .option(
      '--digits <n>',
      'classify n real MNIST digits held out from the model’s training, and print the accuracy',
    )
    .option(
      '--seed <s>',
      "seed of the digits' split (default: the seed of the sweep that trained the model, which keeps them unseen)",
    )
    .option(
      '--file <rows.json>',
      'classify the rows of a JSON array of 784-number arrays (pixels in [0, 1])',
    )
    .option('--version <v>', 'model version to ask (default: the current one)')
    .action(act(async ({ flags, ctx }) => predict(ctx, predictRequest(flags))));
}

async function predict(ctx: Context, request: PredictRequest): Promise<void> {
  if (request.file !== undefined) {
    const rows = await readRowsFile(request.file);
    const response = await ctx.deploy.predict(rows, request.version);
    if (ctx.out.json) return ctx.out.document(response);
    return ctx.out.lines(predictionView(response));
  }

  const digits = await heldOutDigits(ctx, request.digits!, request.seed, request.version);
  const response = await ctx.deploy.predict(digits.rows, request.version);
  if (ctx.out.json) {
    const predictions = response.predictions.map((prediction, i) => ({
      label: digits.labels[i],
      predicted: prediction.label,
      probability: confidence(prediction),
    }));
    return ctx.out.document({
      version: response.version,
      seed: digits.seed,
      ...score(response.predictions, digits.labels),
      predictions,
    });
  }
  ctx.out.note(`${digits.rows.length} MNIST digits ${digits.origin}`);
  ctx.out.lines(predictionView(response, digits.labels));
}
