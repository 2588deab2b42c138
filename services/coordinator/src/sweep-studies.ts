// The coordinator's in-memory Study per running sweep: the same ask/tell API users get,
// rebuilt from PostgreSQL whenever it may be out of step with what is stored (first use, a
// restart, a rolled-back transaction), so that PostgreSQL stays the only source of truth.
import type { Logger, SweepSpec } from '@hyperfleet/common';
import { SearchExhaustedError, Study, type Params, type TrialRecord } from '@hyperfleet/core';
import { loadHistory, type SweepRow, type TrialStore } from '@hyperfleet/db';

type Tx = Parameters<typeof loadHistory>[0];

export class SweepStudies {
  private readonly studies = new Map<string, Study>();

  constructor(
    private readonly trials: TrialStore,
    private readonly logger: Logger,
  ) {}

  /**
   * The sweep's study, in step with the stored trials: it holds exactly the trials created
   * so far. Called inside the transaction that holds the sweep's lock.
   */
  async ready(tx: Tx, sweep: SweepRow): Promise<Study> {
    const cached = this.studies.get(sweep.id);
    if (cached && cached.trials.length === sweep.trialsCreated) return cached;

    const spec = sweep.spec as unknown as SweepSpec;
    const history = spec.pruner.name === 'none'
      ? await loadHistory(tx, sweep.id)
      : await this.trials.historyWithIntermediates(sweep.id, spec.objective.metric);
    const study = new Study({
      space: spec.searchSpace,
      direction: spec.objective.direction,
      sampler: spec.algorithm,
      pruner: spec.pruner,
      seed: sweep.seed,
      trials: history.map(asStudyRecord),
    });
    this.studies.set(sweep.id, study);
    this.logger.debug('study rebuilt from stored history', { sweepId: sweep.id, trials: history.length });
    return study;
  }

  /**
   * Suggests params for up to `slots` trials of a study made ready in this transaction;
   * fewer, with `exhausted`, when the search space runs out (a grid with no point left).
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
