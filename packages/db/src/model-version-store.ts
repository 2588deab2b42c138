// The deploy service's own table: every model version it has served. Promoting the same
// trial's artifact twice returns the version it already has, so retries are safe.
import type { Database } from './client.js';
import type { ModelVersion } from './generated/client.js';

export type ModelVersionRow = ModelVersion;

export class ModelVersionStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<ModelVersionRow[]> {
    return this.db.modelVersion.findMany({ orderBy: { version: 'desc' } });
  }

  async latest(): Promise<ModelVersionRow | null> {
    return this.db.modelVersion.findFirst({ orderBy: { version: 'desc' } });
  }

  async get(version: number): Promise<ModelVersionRow | null> {
    return this.db.modelVersion.findUnique({ where: { version } });
  }

  async findByArtifact(trialId: string, artifactDigest: string): Promise<ModelVersionRow | null> {
    return this.db.modelVersion.findUnique({ where: { trialId_artifactDigest: { trialId, artifactDigest } } });
  }

  async add(version: Omit<ModelVersionRow, 'version' | 'promotedAt'>): Promise<{ row: ModelVersionRow; created: boolean }> {
    return this.db.$transaction(async (tx) => {
      // One promotion at a time takes the next number; the table is tiny.
      await tx.$executeRaw`LOCK TABLE model_versions IN SHARE ROW EXCLUSIVE MODE`;
      const existing = await tx.modelVersion.findUnique({
        where: { trialId_artifactDigest: { trialId: version.trialId, artifactDigest: version.artifactDigest } },
      });
      if (existing) return { row: existing, created: false };
      const last = await tx.modelVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
      const row = await tx.modelVersion.create({ data: { ...version, version: (last?.version ?? 0) + 1 } });
      return { row, created: true };
    });
  }
}
