/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI once per
 * process, so that the test server can speak TLS and clients verify it with its own CA
 * data instead of skipping verification.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsMaterial {
  key: string;
  cert: string;
}

let cached: Promise<TlsMaterial> | undefined;

async function generate(): Promise<TlsMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=fake-kube-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function selfSignedCertificate(): Promise<TlsMaterial> {
  cached ??= generate().catch((error: unknown) => {
    cached = undefined;
    throw new Error(`could not make a test certificate with openssl: ${(error as Error).message}`, {
      cause: error,
    });
  });
  return cached;
}
