/**
 * Sampler configurations and the registry that builds a sampler from one. Each entry
 * validates its own options (filling defaults) and checks up front that it can serve the
 * space, so that a sweep is rejected when created rather than failing on its first ask.
 */
import { SpecError } from './errors.js';
import {
  checkKeys,
  readBoolean,
  readInteger,
  readNamedConfig,
  readNumber,
  type RawOptions,
} from './options.js';
import type { Sampler } from './sampler-types.js';
import { GridSampler } from './samplers/grid.js';
import { RandomSampler } from './samplers/random.js';
import { SobolSampler, type SobolSamplerConfig } from './samplers/sobol.js';
import { TPE_DEFAULTS, TpeSampler, type TpeSamplerConfig } from './samplers/tpe/tpe.js';
import type { SearchSpace } from './space.js';

export type SamplerConfig =
  | { name: 'random' }
  | { name: 'grid' }
  | ({ name: 'sobol' } & Partial<Omit<SobolSamplerConfig, 'name'>>)
  | ({ name: 'tpe' } & Partial<Omit<TpeSamplerConfig, 'name'>>);

export type SamplerName = SamplerConfig['name'];

interface SamplerEntry {
  /** Validates options and returns the config with every default filled in. */
  validate(obj: RawOptions, field: string): SamplerConfig;
  create(config: SamplerConfig, space: SearchSpace): Sampler;
}

const REGISTRY: Record<SamplerName, SamplerEntry> = {
  random: {
    validate(obj, field) {
      checkKeys(obj, field, []);
      return { name: 'random' };
    },
    create: () => new RandomSampler(),
  },
  grid: {
    validate(obj, field) {
      checkKeys(obj, field, []);
      return { name: 'grid' };
    },
    create: (_config, space) => new GridSampler(space),
  },
  sobol: {
    validate(obj, field) {
      checkKeys(obj, field, ['scramble']);
      return { name: 'sobol', scramble: readBoolean(obj, 'scramble', field, true) };
    },
    create: (config) => new SobolSampler(config as SobolSamplerConfig),
  },
  tpe: {
    validate(obj, field) {
      checkKeys(obj, field, Object.keys(TPE_DEFAULTS));
      const d = TPE_DEFAULTS;
      return {
        name: 'tpe',
        multivariate: readBoolean(obj, 'multivariate', field, d.multivariate),
        nStartupTrials: readInteger(obj, 'nStartupTrials', field, {
          default: d.nStartupTrials,
          min: 0,
        }),
        nEiCandidates: readInteger(obj, 'nEiCandidates', field, {
          default: d.nEiCandidates,
          min: 1,
          max: 10_000,
        }),
        constantLiar: readBoolean(obj, 'constantLiar', field, d.constantLiar),
        priorWeight: readNumber(obj, 'priorWeight', field, { default: d.priorWeight, above: 0 }),
      };
    },
    create: (config) => new TpeSampler(config as TpeSamplerConfig),
  },
};

export const SAMPLER_NAMES = Object.keys(REGISTRY) as SamplerName[];

/** Accepts `'tpe'` or `{ name: 'tpe', ...options }`; returns the config with defaults filled. */
export function validateSamplerConfig(raw: unknown, field = 'algorithm'): SamplerConfig {
  const obj = readNamedConfig(raw, field, SAMPLER_NAMES);
  return REGISTRY[obj['name'] as SamplerName].validate(obj, field);
}

/** Builds a sampler; throws SpecError when it cannot serve the space (e.g. grid over a continuous float). */
export function createSampler(config: SamplerConfig, space: SearchSpace): Sampler {
  const valid = validateSamplerConfig(config);
  const entry = REGISTRY[valid.name];
  if (entry === undefined)
    throw new SpecError('algorithm.name', 'unknown sampler', { value: valid.name });
  return entry.create(valid, space);
}
