// The rows `predict` sends: from a JSON file, or real MNIST digits that the served model
// never saw. The digits are held out only under the seed of the sweep that trained the
// model: its trials validated on the front of that seed's shuffle and trained on the part
// after it, and the test split is taken from the back.
import { readFile } from 'node:fs/promises';
import type { ModelVersion__Output } from '@hyperfleet/proto';
import type { Context } from './context.js';
import { CliError, EXIT, UsageError } from './errors.js';

/** Pixels per row. @hyperfleet/trainer exports it too, but importing that loads TensorFlow.js. */
export const ROW_FEATURES = 784;

export interface LabelledRows {
  rows: number[][];
  labels: Uint8Array;
  seed: number;
  /** Where the seed came from, for the person reading the result. */
  origin: string;
}

/** A JSON array of rows, each 784 pixel values from 0 to 1. */
export async function readRowsFile(file: string): Promise<number[][]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError('--file', `cannot be read: ${(error as Error).message}`, file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(file, `is not valid JSON: ${(error as Error).message}`);
  }
  return checkRows(parsed, file);
}

export function checkRows(parsed: unknown, file: string): number[][] {
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UsageError(file, `must be a non-empty JSON array of rows of ${ROW_FEATURES} numbers`);
  }
  parsed.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== ROW_FEATURES) {
      const got = Array.isArray(row) ? `${row.length} values` : typeof row;
      throw new UsageError(
        `${file}[${i}]`,
        `must be an array of ${ROW_FEATURES} numbers (got ${got})`,
      );
    }
    // The model was trained on pixels scaled to [0, 1]; other values give confident nonsense.
    const bad = row.findIndex(
      (value: unknown) => typeof value !== 'number' || !(value >= 0 && value <= 1),
    );
    if (bad >= 0) {
      throw new UsageError(`${file}[${i}][${bad}]`, 'must be a pixel value from 0 to 1', row[bad]);
    }
  });
  return parsed as number[][];
}

/** `count` digits from the back of the shuffle by `seed`, or by the served model's sweep seed. */
export async function heldOutDigits(
  ctx: Context,
  count: number,
  seed: number | undefined,
  version: number,
): Promise<LabelledRows> {
  const split =
    seed === undefined
      ? await trainingSplit(ctx, version)
      : {
          seed,
          used: 0,
          origin: `split by --seed ${seed} (they may overlap the model's training)`,
        };
  // Loaded only here: the trainer brings TensorFlow.js with it, which no other command needs.
  const { loadMnist, MNIST_DIGITS, MNIST_FEATURES } = await import('@hyperfleet/trainer');

  // loadMnist wants at least one train and one validation digit, even when only the test split is used.
  const free = MNIST_DIGITS - Math.max(split.used, 2);
  if (count > free) {
    const why =
      split.used > 0
        ? `the model's sweep trained and validated on ${split.used} of the ${MNIST_DIGITS} digits`
        : `${MNIST_DIGITS} digits exist`;
    throw new UsageError('--digits', `must be at most ${free}: ${why}`, count);
  }

  const { test } = loadMnist({
    trainSize: 1,
    validationSize: 1,
    testSize: count,
    seed: split.seed,
  });
  const rows: number[][] = [];
  for (let i = 0; i < test.count; i++) {
    rows.push(Array.from(test.xs.subarray(i * MNIST_FEATURES, (i + 1) * MNIST_FEATURES)));
  }
  return { rows, labels: test.labels, seed: split.seed, origin: split.origin };
}

interface Split {
  seed: number;
  /** Digits the model's trials trained or validated on, from the front of the shuffle. */
  used: number;
  origin: string;
}

async function trainingSplit(ctx: Context, version: number): Promise<Split> {
  const deployment = await ctx.deploy.getDeployment();
  const model =
    version === 0
      ? deployment.current
      : deployment.versions.find((candidate) => candidate.version === version);
  if (!model) throw noModel(version);

  const sweep = await ctx.sweeps.getSweep(model.sweepId);
  const tfjs = sweep.spec?.trial?.tfjs;
  if (!sweep.spec?.seed || !tfjs) {
    throw new CliError(
      `model version ${model.version} was not trained by the MNIST trainer; pass --seed to pick digits anyway`,
      EXIT.badRequest,
    );
  }
  return {
    seed: sweep.spec.seed,
    used: tfjs.trainSize + tfjs.validationSize,
    origin: originOf(model, sweep.spec.seed),
  };
}

function originOf(model: ModelVersion__Output, seed: number): string {
  return `held out from model version ${model.version}'s training (seed ${seed} of sweep ${model.sweepId})`;
}

function noModel(version: number): CliError {
  if (version === 0) {
    return new CliError('the deploy service serves no model yet: promote a sweep first');
  }
  return new CliError(
    `the deploy service has no model version ${version} (see hyperfleet deploy get)`,
    EXIT.badRequest,
  );
}
