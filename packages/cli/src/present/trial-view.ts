// How a trial reads: one table row in a list, and on its own a block of fields followed by
// its per-step metrics.
import type { Metric__Output, Trial__Output } from '@hyperfleet/proto';
import {
  formatDuration,
  formatNumber,
  formatParams,
  formatPlain,
  formatTime,
  spanMs,
  truncate,
} from './format.js';
import { formatFields, formatTable } from './table.js';

/** A table cell holds the start of an error; `trials get` shows all of it. */
export const ERROR_CELL_CHARS = 48;

/** Before the attempt of a trial that lost a worker mid-run; `trials get` says how. */
export const INTERRUPTED_MARK = '!';
export const INTERRUPTED_LEGEND = `${INTERRUPTED_MARK} = lost its worker mid-run and was redelivered; hyperfleet trials get <id> says why`;

export function trialTable(trials: readonly Trial__Output[]): string[] {
  return formatTable(
    [
      { header: 'NUMBER', align: 'right' },
      { header: 'STATE' },
      { header: 'VALUE', align: 'right' },
      { header: 'PARAMS' },
      { header: 'ATTEMPT', align: 'right' },
      { header: 'WORKER' },
      { header: 'ERROR' },
    ],
    trials.map((trial) => [
      String(trial.number),
      trial.state,
      trial.value === undefined ? '-' : formatNumber(trial.value),
      formatParams(trial.params) || '-',
      // The mark sits left of the number so that the numbers stay aligned.
      trial.interruption ? `${INTERRUPTED_MARK} ${trial.attempt}` : String(trial.attempt),
      trial.workerId || '-',
      trial.error ? truncate(trial.error, ERROR_CELL_CHARS) : '',
    ]),
  );
}

export function trialDetails(trial: Trial__Output): string[] {
  const ran = spanMs(trial.startedAt, trial.finishedAt);
  const fields: [string, string][] = [
    ['id', trial.id],
    ['sweep', trial.sweepId],
    ['number', String(trial.number)],
    ['state', trial.state],
    ['value', formatPlain(trial.value)],
    ['last step', formatPlain(trial.lastStep)],
    ['attempt', String(trial.attempt)],
    ['worker', trial.workerId || '-'],
    ['params', formatParams(trial.params) || '-'],
  ];
  if (trial.error) fields.push(['error', trial.error.replace(/\s+/g, ' ').trim()]);
  if (trial.interruption) fields.push(['interrupted', trial.interruption]);
  if (trial.artifactKey) {
    fields.push(['artifact', `${trial.artifactKey} (${trial.artifactDigest || 'no digest'})`]);
  }
  fields.push(
    ['created', formatTime(trial.createdAt)],
    ['started', formatTime(trial.startedAt)],
    [
      'finished',
      ran === undefined
        ? formatTime(trial.finishedAt)
        : `${formatTime(trial.finishedAt)} (ran ${formatDuration(ran)})`,
    ],
  );
  return [...formatFields(fields), '', ...metricTable(trial.metrics)];
}

/**
 * One row per reported step, attempt by attempt: a redelivered trial reports its steps again,
 * so without the attempt two rows of step 1 would look like one step reported twice. One
 * column per metric name seen in any step.
 */
export function metricTable(metrics: readonly Metric__Output[]): string[] {
  if (metrics.length === 0) return ['no metrics reported'];
  const names = [...new Set(metrics.flatMap((metric) => Object.keys(metric.values)))].sort();
  const steps = [...metrics].sort((a, b) => a.attempt - b.attempt || a.step - b.step);
  return formatTable(
    [
      { header: 'ATTEMPT', align: 'right' },
      { header: 'STEP', align: 'right' },
      ...names.map((name) => ({ header: name, align: 'right' as const })),
      { header: 'RECORDED' },
    ],
    steps.map((metric) => [
      // 0 is a coordinator that predates the field.
      metric.attempt > 0 ? String(metric.attempt) : '-',
      String(metric.step),
      ...names.map((name) => {
        const value = metric.values[name];
        return value === undefined ? '-' : formatNumber(value);
      }),
      formatTime(metric.recordedAt),
    ]),
  );
}
