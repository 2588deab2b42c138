import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TrainerInputError } from './errors.js';
import {
  DEFAULT_MLP_HYPERPARAMETERS,
  resolveMlpHyperparameters,
  type TrialParams,
} from './hyperparameters.js';

function rejection(params: TrialParams): TrainerInputError {
  try {
    resolveMlpHyperparameters(params);
  } catch (error) {
    assert.ok(error instanceof TrainerInputError);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(params)} to be rejected`);
}

describe('resolveMlpHyperparameters', () => {
  it('fills every unspecified param with its default', () => {
    assert.deepEqual(resolveMlpHyperparameters({}), DEFAULT_MLP_HYPERPARAMETERS);
    assert.deepEqual(resolveMlpHyperparameters({ hidden_units: 256 }), {
      ...DEFAULT_MLP_HYPERPARAMETERS,
      hiddenUnits: 256,
    });
  });

  it('maps all snake_case params to their fields', () => {
    const hp = resolveMlpHyperparameters({
      hidden_units: 64,
      layers: 3,
      learning_rate: 0.01,
      batch_size: 32,
      dropout: 0,
      activation: 'tanh',
      optimizer: 'rmsprop',
    });
    assert.deepEqual(hp, {
      hiddenUnits: 64,
      layers: 3,
      learningRate: 0.01,
      batchSize: 32,
      dropout: 0,
      activation: 'tanh',
      optimizer: 'rmsprop',
    });
  });

  it('rejects an unknown param, naming it and listing the known ones', () => {
    const error = rejection({ learnig_rate: 0.1 });
    assert.equal(error.field, 'learnig_rate');
    assert.equal(
      error.message,
      'learnig_rate: is not a known param (hidden_units, layers, batch_size, learning_rate, dropout, activation, optimizer) (got 0.1)',
    );
  });

  it('rejects out-of-range numbers, naming the param and the rule', () => {
    assert.equal(
      rejection({ hidden_units: 0 }).message,
      'hidden_units: must be an integer in [1, 4096] (got 0)',
    );
    assert.equal(rejection({ layers: 9 }).message, 'layers: must be an integer in [1, 8] (got 9)');
    assert.equal(
      rejection({ learning_rate: 0 }).message,
      'learning_rate: must be a number in [1e-7, 1] (got 0)',
    );
    assert.equal(
      rejection({ dropout: 0.99 }).message,
      'dropout: must be a number in [0, 0.95] (got 0.99)',
    );
    assert.equal(rejection({ batch_size: 16.5 }).field, 'batch_size');
  });

  it('rejects values of the wrong type instead of coercing them', () => {
    assert.equal(
      rejection({ hidden_units: '128' }).message,
      'hidden_units: must be an integer in [1, 4096] (got "128")',
    );
    assert.equal(rejection({ learning_rate: true }).field, 'learning_rate');
    assert.equal(
      rejection({ dropout: Number.NaN }).message,
      'dropout: must be a number in [0, 0.95] (got NaN)',
    );
  });

  it('rejects an unsupported activation or optimizer, listing the choices', () => {
    assert.equal(
      rejection({ activation: 'swish' }).message,
      'activation: must be one of relu, tanh, elu, selu, sigmoid (got "swish")',
    );
    assert.equal(
      rejection({ optimizer: 'adagrad' }).message,
      'optimizer: must be one of adam, sgd, rmsprop (got "adagrad")',
    );
  });
});
