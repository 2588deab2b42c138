import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { BackendUnavailableError, TrainerInputError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Fastest first: native CUDA, native CPU, WebAssembly (~5x the JS backend), plain JS. */
export const BACKEND_PREFERENCE: readonly BackendName[] = [
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
];

/** Names one backend to use instead of trying them in order. */
export const BACKEND_ENV = 'HYPERFLEET_TF_BACKEND';

// Two threads at most: workers share small machines and run one trial each.
// TODO(tfjs 4.22 reports no wasm thread support under Node, issue 3830: one core is used)
const MAX_WASM_THREADS = 2;

export interface BackendProbe {
  env: Record<string, string | undefined>;
  /** Loads an optional native package; tests replace it to simulate a machine. */
  importModule: (specifier: string) => Promise<unknown>;
  logger: Logger;
}

let active: Promise<BackendName> | undefined;

/**
 * Selects and activates the TensorFlow.js backend for this process, once: later calls
 * return the first call's result. The native packages are optional and loaded at run
 * time because they cannot install everywhere (their install downloads libtensorflow).
 */
export function initBackend(logger: Logger = silentLogger): Promise<BackendName> {
  if (!active) {
    active = selectBackend({ env: process.env, importModule: (s) => import(s), logger });
    // A failed attempt is not remembered, so a caller may fix the environment and retry.
    active.catch(() => {
      active = undefined;
    });
  }
  return active;
}

/** The backend selection itself, without the process-wide memo. */
export async function selectBackend(probe: BackendProbe): Promise<BackendName> {
  const forced = probe.env[BACKEND_ENV]?.trim();
  if (forced) {
    if (!(BACKEND_PREFERENCE as readonly string[]).includes(forced)) {
      throw new TrainerInputError(
        BACKEND_ENV,
        forced,
        `must be one of ${BACKEND_PREFERENCE.join(', ')}`,
      );
    }
    const name = forced as BackendName;
    const skipped = await tryBackend(name, probe);
    if (skipped !== undefined) {
      throw new BackendUnavailableError(name, skipped);
    }
    probe.logger.info('tensorflow backend selected', {
      backend: name,
      reason: `forced by ${BACKEND_ENV}`,
    });
    return name;
  }

  const skippedBackends: Record<string, string> = {};
  for (const name of BACKEND_PREFERENCE) {
    const skipped = await tryBackend(name, probe);
    if (skipped === undefined) {
      probe.logger.info('tensorflow backend selected', { backend: name, skipped: skippedBackends });
      return name;
    }
    skippedBackends[name] = skipped;
  }
  throw new BackendUnavailableError('any', JSON.stringify(skippedBackends));
}

/** Activates one backend; returns why it was skipped, or undefined when it is active. */
async function tryBackend(name: BackendName, probe: BackendProbe): Promise<string | undefined> {
  try {
    switch (name) {
      case 'tensorflow-gpu':
        return await activateNative('@tensorflow/tfjs-node-gpu', probe);
      case 'tensorflow':
        return await activateNative('@tensorflow/tfjs-node', probe);
      case 'wasm':
        return await activateWasm(probe.logger);
      case 'cpu':
        return (await tf.setBackend('cpu')) ? undefined : 'tf.setBackend("cpu") returned false';
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function activateNative(specifier: string, probe: BackendProbe): Promise<string | undefined> {
  try {
    await probe.importModule(specifier);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return `${specifier} is not installed`;
    }
    // Installed but broken (missing libtensorflow, CUDA mismatch): worth a warning.
    probe.logger.warn('native tensorflow package failed to load', {
      package: specifier,
      error: error instanceof Error ? error.message : String(error),
    });
    return `${specifier} failed to load`;
  }

  // Both native packages register under the name 'tensorflow'. If the package brought its
  // own copy of @tensorflow/tfjs-core, it registered there and this engine cannot see it.
  if (!tf.findBackendFactory('tensorflow')) {
    return `${specifier} loaded but registered with another copy of @tensorflow/tfjs-core`;
  }
  return (await tf.setBackend('tensorflow'))
    ? undefined
    : 'tf.setBackend("tensorflow") returned false';
}

async function activateWasm(logger: Logger): Promise<string | undefined> {
  // Point at the .wasm files explicitly so that loading still works after bundling,
  // when the backend's own location guess (next to its JS file) would be wrong.
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  setThreadsCount(Math.max(1, Math.min(MAX_WASM_THREADS, availableParallelism())));

  if (!(await tf.setBackend('wasm'))) {
    return 'tf.setBackend("wasm") returned false';
  }
  logger.debug('wasm backend ready', {
    threads: getThreadsCount(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
  });
  return undefined;
}
