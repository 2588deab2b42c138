// The coordinator's in-memory Study per running sweep: the same ask/tell API users get,
// rebuilt from PostgreSQL whenever it may be out of step with what is stored (first use, a
// restart, a refill that found it stale), so that PostgreSQL stays the only source of truth.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import { SearchExhaustedError, Study, type Params, type TrialRecord } from '@hyperfleet/core';
import type { SweepRow, TrialStore } from '@hyperfleet/db';

export class SweepStudies {
  private readonly studies = new Map<string, Study>();

  constructor(
    private readonly trials: TrialStore,
    private readonly logger: Logger,
  ) {}

  /**
   * The sweep's study, built from the stored trials when there is none. It is read under
   * the sweep's row lock and kept before the lock is released, so every outcome stored
   * later is told to it. A study that falls out of step (a refill finds it stale, a tell
   * it refuses) is forgotten and built again here.
   */
  async ready(sweepId: string): Promise<Study> {
    const cached = this.studies.get(sweepId);
    if (cached) return cached;

    let built: Study | undefined;
    const specOf = (sweep: SweepRow) => sweep.spec as unknown as SweepSpec;
    const intermediatesOf = (sweep: SweepRow) => (specOf(sweep).pruner.name === 'none' ? undefined : specOf(sweep).objective.metric);
    await this.trials.withLockedHistory(sweepId, intermediatesOf, (sweep, history) => {
      const spec = specOf(sweep);
      built = new Study({
        space: spec.searchSpace,
        direction: spec.objective.direction,
        sampler: spec.algorithm,
        pruner: spec.pruner,
        seed: sweep.seed,
        trials: history.map(asStudyRecord),
      });
      this.studies.set(sweepId, built);
      this.logger.debug('study rebuilt from stored history', { sweepId, trials: history.length });
    });
    return built!;
  }

  /**
   * Suggests params for up to `slots` trials of a study made ready; fewer, with
   * `exhausted`, when the search space runs out (a grid with no point left).
   */
  ask(sweepId: string, slots: number): { params: Params[]; exhausted: boolean } {
    const study = this.studies.get(sweepId)!;
    const params: Params[] = [];
    try {
      while (params.length < slots) params.push(study.ask().params);
    } catch (error) {
      if (!(error instanceof SearchExhaustedError)) throw error;
      return { params, exhausted: true };
    }
    return { params, exhausted: false };
  }

  /** Takes back the suggestions from `number` on, which a refill did not use. */
  withdraw(sweepId: string, number: number): void {
    const study = this.studies.get(sweepId);
    if (!study || study.trials.length <= number) return;
    try {
      study.withdraw(number);
    } catch {
      this.studies.delete(sweepId);
    }
  }

  /** Tells the study a stored outcome; a study that disagrees is dropped and rebuilt later. */
  tell(sweepId: string, number: number, state: string, value: number | null): void {
    const study = this.studies.get(sweepId);
    if (!study) return;
    try {
      if (state === 'COMPLETED' && value !== null) study.tell(number, value);
      else if (state === 'PRUNED') study.tell(number, { state: 'PRUNED', ...(value !== null ? { value } : {}) });
      // Samplers treat a cancelled trial like a failed one: no value to learn from.
      else study.tell(number, { state: 'FAILED' });
    } catch {
      this.studies.delete(sweepId);
    }
  }

  /** Reports a stored step to the study's pruner; true when the trial should stop. */
  report(sweepId: string, number: number, step: number, value: number): boolean {
    const study = this.studies.get(sweepId);
    if (!study || study.pruner.name === 'none') return false;
    try {
      return study.report(number, step, value).prune;
    } catch {
      // A new attempt starting over at step 1, or a study behind the database: rebuild.
      this.studies.delete(sweepId);
      return false;
    }
  }

  hasPruner(sweepId: string): boolean {
    return (this.studies.get(sweepId)?.pruner.name ?? 'none') !== 'none';
  }

  forget(sweepId: string): void {
    this.studies.delete(sweepId);
  }
}

/** Stored states the study does not have (QUEUED, CANCELLED) in the terms it uses. */
function asStudyRecord(record: TrialRecord): TrialRecord {
  if (record.state === 'QUEUED') return { ...record, state: 'RUNNING' };
  if (record.state === 'CANCELLED') return { ...record, state: 'FAILED' };
  return record;
}
