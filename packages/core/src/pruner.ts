/**
 * Pruner configurations and the registry that builds a pruner from one. Validation fills
 * every default, so the config a sweep stores states the rule exactly as it runs.
 */
import { SpecError } from './errors.js';
import {
  checkKeys,
  readInteger,
  readNamedConfig,
  readOptionalInteger,
  type RawOptions,
} from './options.js';
import type { Pruner } from './pruner-types.js';
import {
  AshaPruner,
  HyperbandPruner,
  type AshaPrunerConfig,
  type HyperbandPrunerConfig,
} from './pruners/asha.js';
import { MEDIAN_DEFAULTS, MedianPruner, type MedianPrunerConfig } from './pruners/median.js';

export type { AshaPrunerConfig, HyperbandPrunerConfig, MedianPrunerConfig };

/** Partial options are accepted on input; validation returns them with defaults filled. */
export type PrunerConfig =
  | { name: 'none' }
  | ({ name: 'median' } & Partial<Omit<MedianPrunerConfig, 'name'>>)
  | ({ name: 'asha' } & Partial<Omit<AshaPrunerConfig, 'name'>>)
  | ({ name: 'hyperband'; maxResource: number } & Partial<Omit<HyperbandPrunerConfig, 'name'>>);

export type PrunerName = PrunerConfig['name'];

/** A validated pruner config: every option present. */
export type ResolvedPrunerConfig =
  { name: 'none' } | MedianPrunerConfig | AshaPrunerConfig | HyperbandPrunerConfig;

interface PrunerEntry {
  validate(obj: RawOptions, field: string): ResolvedPrunerConfig;
  create(config: ResolvedPrunerConfig): Pruner;
}

class NopPruner implements Pruner {
  readonly name = 'none';

  shouldPrune(): boolean {
    return false;
  }
}

const DEFAULT_REDUCTION_FACTOR = 3;

function readHalving(obj: RawOptions, field: string) {
  const minResource = readInteger(obj, 'minResource', field, { default: 1, min: 1 });
  const reductionFactor = readInteger(obj, 'reductionFactor', field, {
    default: DEFAULT_REDUCTION_FACTOR,
    min: 2,
  });
  const minTrialsPerRung = readInteger(obj, 'minTrialsPerRung', field, {
    default: reductionFactor,
    min: 1,
  });
  return { minResource, reductionFactor, minTrialsPerRung };
}

const REGISTRY: Record<PrunerName, PrunerEntry> = {
  none: {
    validate(obj, field) {
      checkKeys(obj, field, []);
      return { name: 'none' };
    },
    create: () => new NopPruner(),
  },
  median: {
    validate(obj, field) {
      checkKeys(obj, field, Object.keys(MEDIAN_DEFAULTS));
      const d = MEDIAN_DEFAULTS;
      return {
        name: 'median',
        nStartupTrials: readInteger(obj, 'nStartupTrials', field, {
          default: d.nStartupTrials,
          min: 0,
        }),
        nWarmupSteps: readInteger(obj, 'nWarmupSteps', field, { default: d.nWarmupSteps, min: 0 }),
        intervalSteps: readInteger(obj, 'intervalSteps', field, {
          default: d.intervalSteps,
          min: 1,
        }),
        nMinTrials: readInteger(obj, 'nMinTrials', field, { default: d.nMinTrials, min: 1 }),
      };
    },
    create: (config) => new MedianPruner(config as MedianPrunerConfig),
  },
  asha: {
    validate(obj, field) {
      checkKeys(obj, field, [
        'minResource',
        'reductionFactor',
        'minEarlyStoppingRate',
        'minTrialsPerRung',
        'maxResource',
      ]);
      const halving = readHalving(obj, field);
      const config: AshaPrunerConfig = {
        name: 'asha',
        ...halving,
        minEarlyStoppingRate: readInteger(obj, 'minEarlyStoppingRate', field, {
          default: 0,
          min: 0,
        }),
      };
      const maxResource = readOptionalInteger(obj, 'maxResource', field, { min: 1 });
      if (maxResource !== undefined) {
        if (maxResource <= halving.minResource) {
          throw new SpecError(
            `${field}.maxResource`,
            `must be > minResource (${halving.minResource})`,
            {
              value: maxResource,
            },
          );
        }
        config.maxResource = maxResource;
      }
      return config;
    },
    create: (config) => new AshaPruner(config as AshaPrunerConfig),
  },
  hyperband: {
    validate(obj, field) {
      checkKeys(obj, field, ['minResource', 'maxResource', 'reductionFactor', 'minTrialsPerRung']);
      const halving = readHalving(obj, field);
      const maxResource = readOptionalInteger(obj, 'maxResource', field, { min: 1 });
      if (maxResource === undefined) {
        throw new SpecError(`${field}.maxResource`, 'is required (the step at which a trial ends)');
      }
      if (maxResource <= halving.minResource) {
        throw new SpecError(
          `${field}.maxResource`,
          `must be > minResource (${halving.minResource})`,
          {
            value: maxResource,
          },
        );
      }
      return { name: 'hyperband', ...halving, maxResource };
    },
    create: (config) => new HyperbandPruner(config as HyperbandPrunerConfig),
  },
};

export const PRUNER_NAMES = Object.keys(REGISTRY) as PrunerName[];

/** Accepts `'asha'` or `{ name: 'asha', ...options }`; returns the config with defaults filled. */
export function validatePrunerConfig(raw: unknown, field = 'pruner'): ResolvedPrunerConfig {
  const obj = readNamedConfig(raw, field, PRUNER_NAMES);
  return REGISTRY[obj['name'] as PrunerName].validate(obj, field);
}

export function createPruner(config: PrunerConfig): Pruner {
  const valid = validatePrunerConfig(config);
  return REGISTRY[valid.name].create(valid);
}
