// Model artifacts in a JetStream object store bucket, addressed by trial id and digest, so
// that two attempts of one trial never overwrite each other's model.
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { TransportNames } from './names.js';

/** Where workers put models and the deploy service reads them. */
export interface ModelArtifactStore {
  put(trialId: string, digest: string, bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(readonly key: string) {
    super(`artifact ${key} not found`);
  }
}

export class JetStreamArtifactStore implements ModelArtifactStore {
  private constructor(private readonly bucket: ObjectStore) {}

  static async open(nc: NatsConnection, names: TransportNames): Promise<JetStreamArtifactStore> {
    return new JetStreamArtifactStore(await new Objm(nc).open(names.artifactBucket));
  }

  async put(trialId: string, digest: string, bytes: Uint8Array): Promise<string> {
    const key = artifactKey(trialId, digest);
    // The same content under the same key is already there after a retried upload.
    if (await this.bucket.info(key)) return key;
    await this.bucket.putBlob({ name: key, description: `model of trial ${trialId}` }, bytes);
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const bytes = await this.bucket.getBlob(key);
    return bytes ?? undefined;
  }
}

export function artifactKey(trialId: string, digest: string): string {
  return `trials/${trialId}/${digest.replace(':', '-')}`;
}
