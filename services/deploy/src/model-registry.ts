// The models this service serves: every version is recorded in PostgreSQL; the current one
// and a few recent ones are held loaded. Promote verifies the artifact's digest before the
// new version exists, so a corrupt model is never served.
import { FailedPreconditionError, NotFoundError, type Logger } from '@hyperfleet/common';
import type { ModelVersionRow, ModelVersionStore } from '@hyperfleet/db';
import { ArtifactDigestMismatchError, loadModelArtifact, type LoadedModel } from '@hyperfleet/trainer';
import type { ModelArtifactStore } from '@hyperfleet/transport';

export interface PromoteInput {
  trialId: string;
  sweepId: string;
  artifactKey: string;
  artifactDigest: string;
  metric: string;
  objectiveValue: number;
}

export class ModelRegistry {
  private readonly loaded = new Map<number, LoadedModel>();
  private currentVersion = 0;

  constructor(
    private readonly versions: ModelVersionStore,
    private readonly artifacts: ModelArtifactStore,
    private readonly keepLoaded: number,
    private readonly logger: Logger,
  ) {}

  /** Loads the latest recorded version, so a restarted service serves what it served before. */
  async restore(): Promise<void> {
    const latest = await this.versions.latest();
    if (!latest) return;
    this.loaded.set(latest.version, await this.load(latest));
    this.currentVersion = latest.version;
    this.logger.info('model restored', { version: latest.version, trialId: latest.trialId });
  }

  async promote(input: PromoteInput): Promise<ModelVersionRow> {
    const known = await this.versions.findByArtifact(input.trialId, input.artifactDigest);
    const model = await this.load(input);
    const { row, created } = known ? { row: known, created: false } : await this.versions.add(input);
    this.loaded.set(row.version, model);
    this.currentVersion = Math.max(this.currentVersion, row.version);
    this.evict();
    this.logger.info(created ? 'model promoted' : 'model already promoted', { version: row.version, trialId: input.trialId, digest: input.artifactDigest });
    return row;
  }

  current(): number {
    return this.currentVersion;
  }

  async model(version: number): Promise<{ version: number; model: LoadedModel }> {
    const wanted = version === 0 ? this.currentVersion : version;
    if (wanted === 0) throw new FailedPreconditionError('no model has been promoted yet');
    const cached = this.loaded.get(wanted);
    if (cached) return { version: wanted, model: cached };
    const row = await this.versions.get(wanted);
    if (!row) throw new NotFoundError('model version', String(wanted));
    const model = await this.load(row);
    this.loaded.set(wanted, model);
    this.evict(wanted);
    return { version: wanted, model };
  }

  list(): Promise<ModelVersionRow[]> {
    return this.versions.list();
  }

  close(): void {
    for (const model of this.loaded.values()) model.dispose();
    this.loaded.clear();
  }

  private async load(ref: Pick<PromoteInput, 'artifactKey' | 'artifactDigest'>): Promise<LoadedModel> {
    const bytes = await this.artifacts.get(ref.artifactKey);
    if (!bytes) throw new NotFoundError('model artifact', ref.artifactKey);
    try {
      return await loadModelArtifact(bytes, ref.artifactDigest);
    } catch (error) {
      if (error instanceof ArtifactDigestMismatchError) {
        throw new FailedPreconditionError(`artifact ${ref.artifactKey} does not match its digest: ${error.message}`);
      }
      throw error;
    }
  }

  /**
   * Keeps the current version, the one just asked for (it is being handed out) and the most
   * recent others, up to keepLoaded.
   */
  private evict(inUse?: number): void {
    const versions = [...this.loaded.keys()].sort((a, b) => b - a);
    const keep = new Set([this.currentVersion, ...(inUse === undefined ? [] : [inUse]), ...versions.slice(0, this.keepLoaded)]);
    for (const version of versions) {
      if (keep.has(version)) continue;
      this.loaded.get(version)?.dispose();
      this.loaded.delete(version);
    }
  }
}
