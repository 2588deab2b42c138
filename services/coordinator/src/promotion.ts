// Promotes a completed sweep's best model to the deploy service, retrying while it is
// away. The sweep's promotion state lives in PostgreSQL, so a restarted coordinator
// finishes promotions it had started. A sweep whose trials produce no model (command and
// synthetic trials) ends NO_MODEL: nothing to promote, which is no failure.
import type { DeployClient } from '@hyperfleet/client';
import type { Logger, SweepSpec } from '@hyperfleet/common';
import type { SweepStore, TrialStore } from '@hyperfleet/db';
import { sleep } from '@hyperfleet/transport';

export interface PromoterDeps {
  sweeps: SweepStore;
  trials: TrialStore;
  /** Absent when promotion is switched off. */
  deploy?: DeployClient;
  logger: Logger;
  signal: AbortSignal;
}

/** With the wait capped at 30 s, about half an hour of retries before giving up. */
const MAX_ATTEMPTS = 70;

export class Promoter {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: PromoterDeps) {}

  promote(sweepId: string): void {
    const job = this.promoteWithRetry(sweepId).catch((error: unknown) => {
      this.deps.logger.error('promotion failed', { sweepId, error });
    });
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  async resumePending(): Promise<void> {
    for (const sweep of await this.deps.sweeps.listPendingPromotions()) this.promote(sweep.id);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async promoteWithRetry(sweepId: string): Promise<void> {
    const { sweeps, trials, deploy, logger } = this.deps;
    const sweep = await sweeps.get(sweepId);
    // Decided before the deploy check: whether a model exists does not depend on where it
    // would go, and a sweep without one must not wait as PENDING for a deploy service.
    const { kind } = (sweep.spec as unknown as SweepSpec).trial;
    if (kind !== 'tfjs') {
      await sweeps.setPromotion(sweepId, { state: 'NO_MODEL' });
      logger.info('nothing to promote: the trials produce no model', { sweepId, trialKind: kind });
      return;
    }
    if (!deploy) return;
    const best = sweep.bestTrialId ? await trials.findById(sweep.bestTrialId) : null;
    if (!best || best.value === null || !best.artifactKey || !best.artifactDigest) {
      await sweeps.setPromotion(sweepId, { state: 'FAILED', error: 'the best trial stored no model artifact' });
      logger.warn('nothing to promote', { sweepId, bestTrialId: sweep.bestTrialId });
      return;
    }

    let waitMs = 500;
    for (let attempt = 1; ; attempt++) {
      try {
        const deployment = await deploy.promote({
          trialId: best.id,
          sweepId,
          artifactKey: best.artifactKey,
          artifactDigest: best.artifactDigest,
          metric: sweep.objectiveMetric,
          objectiveValue: best.value,
        });
        const version = deployment.current?.version ?? 0;
        await sweeps.setPromotion(sweepId, { state: 'DONE', version });
        logger.info('best model promoted', { sweepId, trialId: best.id, version });
        return;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || this.deps.signal.aborted) {
          await sweeps.setPromotion(sweepId, { state: 'FAILED', error: (error as Error).message });
          throw error;
        }
        logger.warn('promotion attempt failed; retrying', { sweepId, attempt, waitMs, error: (error as Error).message });
        await sleep(waitMs, this.deps.signal);
        waitMs = Math.min(waitMs * 2, 30_000);
      }
    }
  }
}
