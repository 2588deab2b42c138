// How a sweep reads: one table row in a list, a block of fields on its own, and the short
// phrases (counts, best trial) that the watch renderers reuse.
import type { Sweep__Output, TrialCounts__Output } from '@hyperfleet/proto';
import {
  formatNumber,
  formatParams,
  formatPlain,
  formatTime,
  spanMs,
  formatDuration,
  sweepStateName,
} from './format.js';
import { formatFields, formatTable } from './table.js';

const NO_COUNTS: TrialCounts__Output = {
  queued: 0,
  running: 0,
  completed: 0,
  pruned: 0,
  failed: 0,
  cancelled: 0,
  total: 0,
};

export function counts(sweep: Sweep__Output): TrialCounts__Output {
  return sweep.counts ?? NO_COUNTS;
}

/** Trials that reached an end state, whatever it was. */
export function finishedTrials(sweep: Sweep__Output): number {
  const c = counts(sweep);
  return c.completed + c.pruned + c.failed + c.cancelled;
}

/** The budget's trial count; before the spec is known, the trials created so far. */
export function plannedTrials(sweep: Sweep__Output): number {
  return sweep.spec?.budget?.maxTrials || counts(sweep).total;
}

export function objectiveMetric(sweep: Sweep__Output): string {
  return sweep.spec?.objective?.metric || 'value';
}

/** "#7 val_accuracy=0.9541", or "-" before any trial completed. */
export function bestPhrase(sweep: Sweep__Output): string {
  const best = sweep.bestTrial;
  if (!best || best.value === undefined) return '-';
  return `#${best.number} ${objectiveMetric(sweep)}=${formatNumber(best.value)}`;
}

/** "14 completed, 1 pruned, 1 failed, 0 cancelled". */
export function outcomePhrase(sweep: Sweep__Output): string {
  const c = counts(sweep);
  return `${c.completed} completed, ${c.pruned} pruned, ${c.failed} failed, ${c.cancelled} cancelled`;
}

/**
 * Where the best model went: "version 3", "pending", "failed", "none (command trials produce
 * no model)", or "-" when not promoted.
 */
export function promotionPhrase(sweep: Sweep__Output): string {
  if (sweep.promotedVersion > 0) return `version ${sweep.promotedVersion}`;
  const state = sweep.promotionState.toLowerCase();
  if (state === 'no_model') {
    const kind = sweep.spec?.trial?.kind;
    return `none (${kind ? `${kind} trials` : 'its trials'} produce no model)`;
  }
  return state === '' || state === 'none' ? '-' : state;
}

export function sweepTable(sweeps: readonly Sweep__Output[]): string[] {
  return formatTable(
    [
      { header: 'ID' },
      { header: 'NAME' },
      { header: 'STATE' },
      { header: 'TRIALS', align: 'right' },
      { header: 'BEST' },
      { header: 'CREATED' },
    ],
    sweeps.map((sweep) => [
      sweep.id,
      sweep.spec?.name ?? '',
      sweepStateName(sweep.state),
      `${finishedTrials(sweep)}/${plannedTrials(sweep)}`,
      bestPhrase(sweep),
      formatTime(sweep.createdAt),
    ]),
  );
}

export function sweepDetails(sweep: Sweep__Output): string[] {
  const spec = sweep.spec;
  const c = counts(sweep);
  const took = spanMs(sweep.createdAt, sweep.finishedAt);
  const state = sweepStateName(sweep.state) + (sweep.stateReason ? ` (${sweep.stateReason})` : '');
  const fields: [string, string][] = [
    ['id', sweep.id],
    ['name', spec?.name ?? ''],
    ['state', state],
    [
      'objective',
      spec?.objective ? `${spec.objective.direction.toLowerCase()} ${spec.objective.metric}` : '-',
    ],
    ['algorithm', spec?.algorithm?.name || '-'],
    ['pruner', spec?.pruner?.name || 'none'],
    ['budget', budgetPhrase(sweep)],
    ['parallelism', formatPlain(spec?.parallelism)],
    ['seed', formatPlain(spec?.seed)],
    [
      'trials',
      `${finishedTrials(sweep)}/${plannedTrials(sweep)} done: ${outcomePhrase(sweep)}; ${c.running} running, ${c.queued} queued`,
    ],
    ['best', bestPhrase(sweep)],
  ];
  if (sweep.bestTrial) fields.push(['best params', formatParams(sweep.bestTrial.params) || '-']);
  fields.push(
    ['promotion', promotionPhrase(sweep)],
    ['created', formatTime(sweep.createdAt)],
    [
      'finished',
      took === undefined ? '-' : `${formatTime(sweep.finishedAt)} (after ${formatDuration(took)})`,
    ],
  );
  return formatFields(fields);
}

function budgetPhrase(sweep: Sweep__Output): string {
  const budget = sweep.spec?.budget;
  if (!budget) return '-';
  const failures =
    budget.maxFailedTrials === undefined ? '' : `, at most ${budget.maxFailedTrials} failed`;
  return `${budget.maxTrials} trials${failures}`;
}
