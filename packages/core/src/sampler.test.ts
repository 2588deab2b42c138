import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SpecError, validatePrunerConfig, validateSamplerConfig } from './index.js';

describe('validateSamplerConfig', () => {
  it('accepts a name or an object with a name', () => {
    assert.deepEqual(validateSamplerConfig('random'), { name: 'random' });
    assert.deepEqual(validateSamplerConfig({ name: 'grid' }), { name: 'grid' });
  });

  it('lists the known samplers when the name is unknown', () => {
    assert.throws(
      () => validateSamplerConfig({ name: 'bayes' }),
      (err: unknown) => {
        assert.ok(err instanceof SpecError);
        assert.equal(err.field, 'algorithm.name');
        assert.match(
          err.message,
          /^algorithm\.name: must be one of random, grid.* \(got "bayes"\)$/,
        );
        return true;
      },
    );
    assert.throws(() => validateSamplerConfig(7, 'spec.algorithm'), {
      message: /^spec\.algorithm: must be a name/,
    });
    assert.throws(() => validateSamplerConfig({}), { message: /^algorithm\.name: is required/ });
  });

  it('rejects unknown options', () => {
    assert.throws(() => validateSamplerConfig({ name: 'random', seeed: 1 }), {
      message: /^algorithm\.seeed: unknown option for random/,
    });
  });
});

describe('validatePrunerConfig', () => {
  it('accepts none and rejects an unknown pruner', () => {
    assert.deepEqual(validatePrunerConfig('none'), { name: 'none' });
    assert.throws(() => validatePrunerConfig({ name: 'early' }), {
      message: /^pruner\.name: must be one of none/,
    });
  });
});
