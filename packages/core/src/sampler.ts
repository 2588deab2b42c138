/**
 * Sampler configurations and the registry that builds a sampler from one. Each entry
 * validates its own options (filling defaults) and checks up front that it can serve the
 * space, so that a sweep is rejected when created rather than failing on its first ask.
 */
import { spaceCodecs } from './codec.js';
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
import {
  GP_DEFAULTS,
  GP_MAX_DIMENSIONS,
  GpSampler,
  type GpSamplerConfig,
} from './samplers/gp/gp.js';
import { GridSampler } from './samplers/grid.js';
import { RandomSampler } from './samplers/random.js';
import { SobolSampler, type SobolSamplerConfig } from './samplers/sobol.js';
import { TPE_DEFAULTS, TpeSampler, type TpeSamplerConfig } from './samplers/tpe/tpe.js';
import type { SearchSpace } from './space.js';

export type SamplerConfig =
  | { name: 'random' }
  | { name: 'grid' }
  | ({ name: 'sobol' } & Partial<Omit<SobolSamplerConfig, 'name'>>)
  | ({ name: 'tpe' } & Partial<Omit<TpeSamplerConfig, 'name'>>)
  | ({ name: 'gp' } & Partial<Omit<GpSamplerConfig, 'name'>>);

export type SamplerName = SamplerConfig['name'];

/** A validated sampler config: every option present. */
export type ResolvedSamplerConfig =
  { name: 'random' } | { name: 'grid' } | SobolSamplerConfig | TpeSamplerConfig | GpSamplerConfig;

export type { GpSamplerConfig, SobolSamplerConfig, TpeSamplerConfig };

interface SamplerEntry {
  /** Validates options and returns the config with every default filled in. */
  validate(obj: RawOptions, field: string): ResolvedSamplerConfig;
  create(config: ResolvedSamplerConfig, space: SearchSpace): Sampler;
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
  gp: {
    validate(obj, field) {
      checkKeys(obj, field, Object.keys(GP_DEFAULTS));
      return {
        name: 'gp',
        nStartupTrials: readInteger(obj, 'nStartupTrials', field, {
          default: GP_DEFAULTS.nStartupTrials,
          min: 0,
        }),
        fantasize: readBoolean(obj, 'fantasize', field, GP_DEFAULTS.fantasize),
      };
    },
    create(config, space) {
      const modelled = spaceCodecs(space).filter((codec) => codec.size > 1);
      if (modelled.length > GP_MAX_DIMENSIONS) {
        throw new SpecError(
          'searchSpace',
          `has too many parameters for the gp sampler (at most ${GP_MAX_DIMENSIONS}); use tpe`,
          { value: modelled.length },
        );
      }
      return new GpSampler(config as GpSamplerConfig);
    },
  },
};

export const SAMPLER_NAMES = Object.keys(REGISTRY) as SamplerName[];

/** Accepts `'tpe'` or `{ name: 'tpe', ...options }`; returns the config with defaults filled. */
export function validateSamplerConfig(raw: unknown, field = 'algorithm'): ResolvedSamplerConfig {
  const obj = readNamedConfig(raw, field, SAMPLER_NAMES);
  return REGISTRY[obj['name'] as SamplerName].validate(obj, field);
}

/**
 * Builds a sampler for a validated space; throws SpecError when the config is invalid or the
 * sampler cannot serve the space (grid over a continuous float, gp beyond 32 parameters).
 */
export function createSampler(config: SamplerConfig, space: SearchSpace): Sampler {
  const valid = validateSamplerConfig(config);
  return REGISTRY[valid.name].create(valid, space);
}
