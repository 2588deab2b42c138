// Stored rows to gRPC messages. The only place that knows both shapes.
import { toValue, toValueMap, type SweepSpec } from '@hyperfleet/common';
import type { Params } from '@hyperfleet/core';
import type { SweepRow, TrialCounts, TrialMetricRow, TrialRow } from '@hyperfleet/db';
import type { Metric, Parameter, Sweep, SweepSpec as SweepSpecMessage, Trial, TrialCounts as TrialCountsMessage } from '@hyperfleet/proto';

export function sweepMessage(row: SweepRow, counts: TrialCounts, best: TrialRow | null): Sweep {
  return {
    id: row.id,
    spec: specMessage(row.spec as unknown as SweepSpec),
    state: `SWEEP_${row.state}`,
    stateReason: row.stateReason ?? '',
    counts: countsMessage(counts),
    ...(best ? { bestTrial: trialMessage(best) } : {}),
    promotedVersion: row.promotedVersion ?? 0,
    promotionState: row.promotionState,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? '',
  };
}

export function countsMessage(counts: TrialCounts): TrialCountsMessage {
  return {
    queued: counts.QUEUED,
    running: counts.RUNNING,
    completed: counts.COMPLETED,
    pruned: counts.PRUNED,
    failed: counts.FAILED,
    cancelled: counts.CANCELLED,
    total: counts.total,
  };
}

export function trialMessage(row: TrialRow, metrics: TrialMetricRow[] = []): Trial {
  return {
    id: row.id,
    sweepId: row.sweepId,
    number: row.number,
    state: row.state,
    params: toValueMap(row.params as Params, 'params'),
    attempt: row.attempt,
    workerId: row.workerId ?? '',
    ...(row.value !== null ? { value: row.value } : {}),
    ...(row.lastStep !== null ? { lastStep: row.lastStep } : {}),
    error: row.error ?? '',
    artifactKey: row.artifactKey ?? '',
    artifactDigest: row.artifactDigest ?? '',
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? '',
    finishedAt: row.finishedAt?.toISOString() ?? '',
    metrics: metrics.map(metricMessage),
    interruption: row.interruption ?? '',
  };
}

export function metricMessage(row: Pick<TrialMetricRow, 'attempt' | 'step' | 'values' | 'recordedAt'>): Metric {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(row.values as Record<string, unknown>)) {
    if (typeof value === 'number') values[name] = value;
  }
  return { step: row.step, values, recordedAt: row.recordedAt.toISOString(), attempt: row.attempt };
}

/** The validated, stored spec back in the message shape (defaults filled in). */
export function specMessage(spec: SweepSpec): SweepSpecMessage {
  const { name: algorithm, ...algorithmOptions } = spec.algorithm as { name: string } & Record<string, unknown>;
  const { name: pruner, ...prunerOptions } = spec.pruner as { name: string } & Record<string, unknown>;
  const trial = spec.trial;
  return {
    name: spec.name,
    objective: { metric: spec.objective.metric, direction: spec.objective.direction === 'maximize' ? 'MAXIMIZE' : 'MINIMIZE' },
    searchSpace: spec.searchSpace.map(parameterMessage),
    algorithm: { name: algorithm, options: toValueMap(algorithmOptions, 'algorithm') },
    pruner: { name: pruner, options: toValueMap(prunerOptions, 'pruner') },
    budget: { maxTrials: spec.budget.maxTrials, maxFailedTrials: spec.budget.maxFailedTrials },
    parallelism: spec.parallelism,
    seed: spec.seed,
    trial: trialTemplateMessage(trial),
  };
}

function trialTemplateMessage(trial: SweepSpec['trial']): NonNullable<SweepSpecMessage['trial']> {
  switch (trial.kind) {
    case 'tfjs':
      return { maxAttempts: trial.maxAttempts, tfjs: { ...trial.tfjs, fixed: toValueMap(trial.tfjs.fixed, 'fixed') } };
    case 'command':
      return { maxAttempts: trial.maxAttempts, command: trial.command };
    case 'synthetic':
      return { maxAttempts: trial.maxAttempts, synthetic: trial.synthetic };
  }
}

function parameterMessage(param: SweepSpec['searchSpace'][number]): Parameter {
  if (param.type === 'categorical') {
    return { name: param.name, type: param.type, choices: param.choices.map((choice, i) => toValue(choice, `choices[${i}]`)) };
  }
  return {
    name: param.name,
    type: param.type,
    low: param.low,
    high: param.high,
    log: param.log ?? false,
    ...(param.step !== undefined ? { step: param.step } : {}),
  };
}
