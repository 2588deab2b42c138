// The plain-text account of a watched sweep, for logs and pipes: one line when the watch
// starts, one per trial state change, one when the sweep ends. Progress events (a metric
// per epoch) change no state and print nothing, so the log stays readable at any scale.
// Times come from the trials' own timestamps where they have one, so a replay prints the same.
import type { SweepEvent__Output, Sweep__Output, Trial__Output } from '@hyperfleet/proto';
import {
  formatClock,
  formatDuration,
  formatNumber,
  formatParams,
  spanMs,
  sweepStateName,
  truncate,
} from './format.js';
import {
  bestPhrase,
  counts,
  finishedTrials,
  objectiveMetric,
  outcomePhrase,
  plannedTrials,
  promotionPhrase,
} from './sweep-view.js';

/** A log line holds this much of a trial's error; `trials get` shows the rest. */
export const ERROR_LINE_CHARS = 160;

export class WatchLines {
  private readonly states = new Map<string, string>();
  private bestTrialId: string | undefined;
  private startedAt: string | undefined;

  /** `now` stamps the rare change that carries no timestamp of its own (a requeue). */
  constructor(private readonly now: () => number = Date.now) {}

  /** The lines one event adds to the log (often none). */
  render(event: SweepEvent__Output): string[] {
    const sweep = event.sweep;
    if (sweep?.createdAt) this.startedAt ??= sweep.createdAt;

    switch (event.type) {
      case 'SNAPSHOT':
        this.bestTrialId = sweep?.bestTrial?.id;
        return sweep ? [this.snapshotLine(sweep)] : [];
      case 'SWEEP_FINISHED':
        return sweep ? [finishedLine(sweep)] : [];
      case 'TRIAL_PROGRESS':
      case 'TYPE_UNSPECIFIED':
        return [];
      default:
        return event.trial && sweep ? this.trialLines(event.trial, sweep) : [];
    }
  }

  private snapshotLine(sweep: Sweep__Output): string {
    const c = counts(sweep);
    const head = `sweep ${sweep.id} (${sweep.spec?.name ?? ''}) ${sweepStateName(sweep.state)}`;
    return `${head}: ${finishedTrials(sweep)}/${plannedTrials(sweep)} done, ${c.running} running, ${c.queued} queued; best ${bestPhrase(sweep)}`;
  }

  private trialLines(trial: Trial__Output, sweep: Sweep__Output): string[] {
    // A retry on another worker is a change too, though the state stays RUNNING.
    const key = `${trial.state}/${trial.attempt}`;
    const previous = this.states.get(trial.id);
    if (previous === key) return [];
    this.states.set(trial.id, key);

    const at = trialTime(trial) ?? new Date(this.now()).toISOString();
    const stamp = `[${formatClock(spanMs(this.startedAt, at) ?? 0)}]`;
    const line = `${stamp} trial #${trial.number} ${this.describe(trial, previous, sweep)}`;
    return [this.isNewBest(trial, sweep) ? `${line} (new best)` : line];
  }

  private isNewBest(trial: Trial__Output, sweep: Sweep__Output): boolean {
    const bestId = sweep.bestTrial?.id;
    if (!bestId || bestId === this.bestTrialId) return false;
    this.bestTrialId = bestId;
    return bestId === trial.id;
  }

  private describe(
    trial: Trial__Output,
    previous: string | undefined,
    sweep: Sweep__Output,
  ): string {
    const metric = objectiveMetric(sweep);
    const value = trial.value === undefined ? '' : ` ${metric}=${formatNumber(trial.value)}`;
    const wasRunning = previous?.startsWith('RUNNING/') === true;
    const worker = trial.workerId || 'a worker';
    switch (trial.state) {
      case 'QUEUED':
        return wasRunning ? 'requeued' : `queued ${formatParams(trial.params)}`.trimEnd();
      case 'RUNNING':
        // RUNNING again under a new attempt: the last worker died or gave the trial back.
        return wasRunning
          ? `restarted on ${worker} (attempt ${trial.attempt})${trial.interruption ? `: ${trial.interruption}` : ''}`
          : `running on ${worker} (attempt ${trial.attempt})`;
      case 'COMPLETED':
        return `completed${value}`;
      case 'PRUNED':
        return `pruned at step ${trial.lastStep ?? '?'}${value}`;
      case 'FAILED':
        return `failed (attempt ${trial.attempt}): ${truncate(trial.error || 'no error given', ERROR_LINE_CHARS)}`;
      case 'CANCELLED':
        return 'cancelled';
      default:
        return trial.state.toLowerCase();
    }
  }
}

/** The last line of a watch, also printed under a live progress bar. */
export function finishedLine(sweep: Sweep__Output): string {
  const took = spanMs(sweep.createdAt, sweep.finishedAt);
  const after = took === undefined ? '' : ` after ${formatDuration(took)}`;
  const reason = sweep.stateReason ? ` (${sweep.stateReason})` : '';
  const parts = [
    `sweep ${sweepStateName(sweep.state)}${after}${reason}: ${outcomePhrase(sweep)}`,
    `best ${bestPhrase(sweep)}`,
  ];
  if (sweep.bestTrial) parts.push(formatParams(sweep.bestTrial.params));
  const promotion = promotionPhrase(sweep);
  if (promotion !== '-') parts.push(`promotion ${promotion}`);
  return parts.filter(Boolean).join('; ');
}

/** The moment a trial entered its current state, when the trial records it. */
function trialTime(trial: Trial__Output): string | undefined {
  switch (trial.state) {
    case 'QUEUED':
      // A first queueing is the trial's creation; a requeue has no timestamp of its own.
      return trial.startedAt ? undefined : trial.createdAt || undefined;
    case 'RUNNING':
      return trial.startedAt || undefined;
    default:
      return trial.finishedAt || undefined;
  }
}
