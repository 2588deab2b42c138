import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { BACKEND_ENV, initBackend, selectBackend, type BackendProbe } from './backend.js';
import type { Logger } from './logger.js';

interface Entry {
  level: string;
  msg: string;
  fields?: object;
}

function recordingLogger(): Logger & { entries: Entry[] } {
  const entries: Entry[] = [];
  const at = (level: string) => (msg: string, fields?: object) =>
    entries.push({ level, msg, fields });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const notInstalled = async (specifier: string): Promise<never> => {
  throw Object.assign(new Error(`Cannot find package '${specifier}'`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
};

function probe(
  env: Record<string, string>,
  importModule: BackendProbe['importModule'] = notInstalled,
): BackendProbe & { logger: ReturnType<typeof recordingLogger> } {
  return { env, importModule, logger: recordingLogger() };
}

describe('initBackend', () => {
  it('falls back to wasm when the native packages are absent, logging why each was skipped', async () => {
    const logger = recordingLogger();
    const first = await initBackend(logger);

    assert.equal(first, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    const selected = logger.entries.find((e) => e.msg === 'tensorflow backend selected');
    assert.deepEqual(selected?.fields, {
      backend: 'wasm',
      skipped: {
        'tensorflow-gpu': '@tensorflow/tfjs-node-gpu is not installed',
        tensorflow: '@tensorflow/tfjs-node is not installed',
      },
    });
  });

  it('is idempotent: later calls return the first result without selecting again', async () => {
    const logger = recordingLogger();
    assert.equal(await initBackend(logger), 'wasm');
    assert.equal(await initBackend(), 'wasm');
    assert.deepEqual(logger.entries, []);
  });
});

describe('selectBackend', () => {
  it(`honours ${BACKEND_ENV}`, async () => {
    const p = probe({ [BACKEND_ENV]: 'wasm' });
    assert.equal(await selectBackend(p), 'wasm');
    assert.equal(p.logger.entries.at(-1)?.msg, 'tensorflow backend selected');
  });

  it(`fails rather than falls back when the forced backend cannot load`, async () => {
    await assert.rejects(selectBackend(probe({ [BACKEND_ENV]: 'tensorflow' })), {
      name: 'BackendUnavailableError',
      message: 'backend tensorflow is unavailable: @tensorflow/tfjs-node is not installed',
    });
  });

  it(`rejects an unknown ${BACKEND_ENV} value, naming the variable`, async () => {
    await assert.rejects(selectBackend(probe({ [BACKEND_ENV]: 'webgpu' })), {
      name: 'TrainerInputError',
      message: `${BACKEND_ENV}: must be one of tensorflow-gpu, tensorflow, wasm, cpu (got "webgpu")`,
    });
  });

  it('skips a native package that registered its backend with another tfjs-core copy', async () => {
    const elsewhere = async (specifier: string): Promise<unknown> =>
      specifier === '@tensorflow/tfjs-node' ? {} : notInstalled(specifier);
    const p = probe({ [BACKEND_ENV]: 'tensorflow' }, elsewhere);

    await assert.rejects(selectBackend(p), {
      message:
        'backend tensorflow is unavailable: @tensorflow/tfjs-node loaded but registered with another copy of @tensorflow/tfjs-core',
    });
  });

  it('warns when a native package is installed but fails to load, then falls back', async () => {
    const broken = async (specifier: string): Promise<never> => {
      if (specifier === '@tensorflow/tfjs-node') {
        throw new Error('libtensorflow.so.2: cannot open shared object file');
      }
      return notInstalled(specifier);
    };
    const p = probe({}, broken);

    assert.equal(await selectBackend(p), 'wasm');
    const warning = p.logger.entries.find((e) => e.level === 'warn');
    assert.deepEqual(warning?.fields, {
      package: '@tensorflow/tfjs-node',
      error: 'libtensorflow.so.2: cannot open shared object file',
    });
  });
});
