import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError } from '@hyperfleet/core';
import { commandParamEnvName, validateSweepSpec } from './sweep-spec.js';
import { specFromMessage, specToMessage } from './spec-codec.js';

const base = {
  name: 'demo',
  objective: { metric: 'val_accuracy', direction: 'maximize' },
  searchSpace: { learning_rate: { type: 'float', low: 0.0001, high: 0.01, log: true }, batch_size: { type: 'categorical', choices: [32, 64] } },
  algorithm: 'random',
  budget: { maxTrials: 8 },
  parallelism: 2,
  seed: 5,
  trial: { tfjs: { epochs: 3 } },
};

function rejects(raw: unknown, field: string, rule: RegExp) {
  assert.throws(
    () => validateSweepSpec(raw),
    (error: unknown) => {
      assert.ok(error instanceof SpecError, `expected a SpecError, got ${String(error)}`);
      assert.equal(error.field, field);
      assert.match(error.message, rule);
      return true;
    },
  );
}

test('defaults are filled in and the result is what the stored spec holds', () => {
  const spec = validateSweepSpec(base);
  assert.equal(spec.budget.maxFailedTrials, 2, 'a quarter of maxTrials by default');
  assert.deepEqual(spec.trial, {
    kind: 'tfjs',
    maxAttempts: 3,
    tfjs: { dataset: 'mnist', model: 'mlp', epochs: 3, trainSize: 2000, validationSize: 1000, fixed: {} },
  });
  assert.equal(spec.pruner.name, 'none');
});

test('a missing seed is drawn once and kept', () => {
  const spec = validateSweepSpec({ ...base, seed: undefined }, () => 4242);
  assert.equal(spec.seed, 4242);
});

test('each bad field is named with its rule and value', () => {
  rejects({ ...base, name: 'has space' }, 'name', /must match/);
  rejects({ ...base, objective: { metric: 'loss', direction: 'up' } }, 'objective.direction', /minimize, maximize \(got "up"\)/);
  rejects({ ...base, parallelism: 0 }, 'parallelism', />= 1 \(got 0\)/);
  rejects({ ...base, budget: { maxTrials: 1 } }, 'budget.maxTrials', /must be >= parallelism \(2\) \(got 1\)/);
  rejects({ ...base, budget: { maxTrials: 8, maxFailedTrials: -1 } }, 'budget.maxFailedTrials', />= 0/);
  rejects({ ...base, budget: { maxTrials: 8, maxTrails: 3 } }, 'budget.maxTrails', /unknown field/);
  rejects({ ...base, trial: {} }, 'trial', /exactly one of tfjs/);
  rejects({ ...base, trial: { tfjs: { trainSize: 8000, validationSize: 2000 } } }, 'trial.tfjs.validationSize', /<= 1000/);
  rejects({ ...base, trial: { tfjs: { fixed: { learning_rate: 0.1 } } } }, 'trial.tfjs.fixed.learning_rate', /also in searchSpace/);
  rejects({ ...base, trial: { command: { argv: [] } } }, 'trial.command.argv', /non-empty list/);
  rejects({ ...base, trial: { command: { argv: ['x'], env: { 'BAD-NAME': 'v' } } } }, 'trial.command.env.BAD-NAME', /variable name/);
});

test('the trainer must accept every value a trial can get', () => {
  rejects({ ...base, searchSpace: { width: { type: 'int', low: 1, high: 3 } } }, 'searchSpace.width', /not a hyperparameter of the tfjs mlp trainer/);
  rejects({ ...base, searchSpace: { activation: { type: 'categorical', choices: ['relu', 'swish'] } } }, 'searchSpace.activation', /rejects "swish"/);
});

test('a spec survives the trip through the gRPC message unchanged', () => {
  const message = specToMessage({ ...base, pruner: { name: 'median', nStartupTrials: 2 }, budget: { maxTrials: 8, maxFailedTrials: 0 } });
  const back = validateSweepSpec(specFromMessage(message as never));
  const direct = validateSweepSpec({ ...base, pruner: { name: 'median', nStartupTrials: 2 }, budget: { maxTrials: 8, maxFailedTrials: 0 } });
  assert.deepEqual(back, direct);
  assert.equal(back.budget.maxFailedTrials, 0, 'an explicit 0 is not taken for unset');
});

test('a value that cannot be carried is named before anything is sent', () => {
  assert.throws(() => specToMessage({ ...base, searchSpace: { c: { type: 'categorical', choices: [1, { a: 1 }] } } }), /searchSpace\.c\.choices\[1\]/);
  assert.throws(() => specToMessage({ ...base, objective: { metric: 'm', direction: 'sideways' } }), /objective\.direction/);
  assert.throws(() => specToMessage({ ...base, trial: { command: { argv: ['train.sh', 1] } } }), /trial\.command\.argv\[1\]: must be a string/);
});

test('what the message cannot carry is refused, not changed', () => {
  assert.throws(() => specToMessage({ ...base, budget: { maxTrials: 4294967298 } }), /budget\.maxTrials: must be an integer of at most 2147483647 \(got 4294967298\)/);
  assert.throws(() => specToMessage({ ...base, budget: { maxTrials: 2.5 } }), /budget\.maxTrials/);
  assert.throws(() => specToMessage({ ...base, parallelism: 'two' }), /parallelism: must be an integer/);
  assert.throws(() => specToMessage({ ...base, frobnicate: true }), /spec\.frobnicate: unknown field/);
  assert.throws(() => specToMessage({ ...base, searchSpace: { x: { type: 'float', low: 0, high: 1, bogus: 3 } } }), /searchSpace\.x\.bogus: unknown field/);
  assert.throws(() => specToMessage({ ...base, searchSpace: { x: { type: 'float', low: 'abc', high: 1 } } }), /searchSpace\.x\.low: must be a number/);
});

test('command trial params that would share an HF_PARAM_ variable are refused, naming both', () => {
  const command = { command: { argv: ['train'] } };
  const space = { lr: { type: 'float', low: 0, high: 1 }, x: { type: 'int', low: 0, high: 3 }, LR: { type: 'float', low: 0, high: 1 } };
  rejects({ ...base, objective: { metric: 'loss', direction: 'minimize' }, searchSpace: space, trial: command }, 'searchSpace.LR.name', /as HF_PARAM_LR, as searchSpace\.lr is; .* \(got "LR"\)$/);
  rejects(
    { ...base, objective: { metric: 'loss', direction: 'minimize' }, searchSpace: [{ name: 'Batch_Size', type: 'int', low: 1, high: 2 }, { name: 'batch_SIZE', type: 'int', low: 1, high: 2 }], trial: command },
    'searchSpace.batch_SIZE.name',
    /HF_PARAM_BATCH_SIZE, as searchSpace\.Batch_Size is/,
  );

  const spec = validateSweepSpec({ ...base, objective: { metric: 'loss', direction: 'minimize' }, searchSpace: { lr: space.lr, lr_: space.lr, l_r: space.lr }, trial: command });
  assert.deepEqual(spec.searchSpace.map((param) => commandParamEnvName(param.name)), ['HF_PARAM_LR', 'HF_PARAM_LR_', 'HF_PARAM_L_R']);
  assert.equal(validateSweepSpec({ ...base, objective: { metric: 'objective', direction: 'minimize' }, searchSpace: { a: space.x, A: space.x }, trial: { synthetic: {} } }).searchSpace.length, 2, 'only command trials get HF_PARAM_ variables');
  rejects({ ...base, objective: { metric: 'val_accuracy', direction: 'maximize' }, trial: { synthetic: {} } }, 'objective.metric', /must be objective: the only metric synthetic trials report/);
});
