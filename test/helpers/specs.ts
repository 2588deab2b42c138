// Sweep specs for tests, written as users write them and converted like the CLI does.
import { specToMessage } from '@hyperfleet/common';
import type { SweepSpec } from '@hyperfleet/proto';

/** A node one-liner that reports `steps` steps of a quadratic loss, sleeping between them. */
export function quadraticCommand(options: { steps: number; stepMs: number }): string[] {
  const script = `
    const x = Number(process.env.HF_PARAM_X);
    for (let step = 1; step <= ${options.steps}; step++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${options.stepMs});
      const loss = (x - 3) ** 2 + 1 / step;
      console.log('hyperfleet:report ' + JSON.stringify({ step, metrics: { loss } }));
    }`;
  return [process.execPath, '-e', script];
}

export function commandSweep(overrides: Record<string, unknown> = {}, command = quadraticCommand({ steps: 3, stepMs: 50 })): SweepSpec {
  return specToMessage({
    name: 'quadratic',
    objective: { metric: 'loss', direction: 'minimize' },
    searchSpace: { x: { type: 'float', low: -10, high: 10 } },
    algorithm: 'random',
    budget: { maxTrials: 6, maxFailedTrials: 2 },
    parallelism: 2,
    seed: 7,
    trial: { command: { argv: command, timeoutSeconds: 60 } },
    ...overrides,
  });
}

export function tinyMnistSweep(overrides: Record<string, unknown> = {}): SweepSpec {
  return specToMessage({
    name: 'tiny-mnist',
    objective: { metric: 'val_accuracy', direction: 'maximize' },
    searchSpace: {
      hidden_units: { type: 'int', low: 32, high: 128, log: true },
      learning_rate: { type: 'float', low: 0.001, high: 0.01, log: true },
      batch_size: { type: 'categorical', choices: [32, 64] },
    },
    algorithm: 'random',
    budget: { maxTrials: 4, maxFailedTrials: 1 },
    parallelism: 2,
    seed: 11,
    trial: { tfjs: { dataset: 'mnist', model: 'mlp', epochs: 2, trainSize: 600, validationSize: 200 } },
    ...overrides,
  });
}

