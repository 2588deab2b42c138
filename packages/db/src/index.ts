export { openDatabase } from './client.js';
export type { Database, DatabaseOptions } from './client.js';
export { SweepStore, isUuid } from './sweep-store.js';
export type { SweepRow, SweepStateName, TrialCounts, FinishOutcome } from './sweep-store.js';
export { TrialStore } from './trial-store.js';
export type { TrialRow, TrialMetricRow, TrialPlanner, TrialOutcome, ApplyResult, ListTrialsOptions } from './trial-store.js';
export { ModelVersionStore } from './model-version-store.js';
export type { ModelVersionRow } from './model-version-store.js';
