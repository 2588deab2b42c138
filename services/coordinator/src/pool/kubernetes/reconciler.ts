// One reconcile step, as a pure function of what the pool sees: which pods ended and must be
// recorded and removed, how many to create, and which to delete. Deletion order: pods that
// never became ready, then idle pods (outdated ones first, newest first). A pod holding a
// running trial is deleted only while the pool is above its max.
import type { PodView } from './pod-state.js';

export interface PlanInput {
  views: readonly PodView[];
  /** Pods the pool has asked to delete; they no longer count. */
  deleting: ReadonlySet<string>;
  /** Pods created but not yet seen by the watch. */
  creating: number;
  desired: number;
  max: number;
  /** Pods whose name a RUNNING trial holds as its worker id. */
  busy: ReadonlySet<string>;
  templateHash: string;
  /** False while creation is backing off after workers that failed before becoming ready. */
  mayCreate: boolean;
}

export type RemovalCause = 'pending' | 'idle' | 'outdated' | 'above-max';

export interface Plan {
  ended: PodView[];
  create: number;
  remove: { name: string; cause: RemovalCause }[];
}

const newestFirst = (a: PodView, b: PodView): number =>
  b.createdAt.getTime() - a.createdAt.getTime();

export function planReconcile(input: PlanInput): Plan {
  const { views, deleting, busy, templateHash } = input;
  const ended = views.filter((view) => view.condition === 'ended' && !deleting.has(view.name));
  const live = views.filter(
    (view) =>
      (view.condition === 'ready' || view.condition === 'pending') && !deleting.has(view.name),
  );
  const count = live.length + input.creating;

  if (count < input.desired) {
    return { ended, create: input.mayCreate ? input.desired - count : 0, remove: [] };
  }

  const idle = (view: PodView) => !busy.has(view.name);
  const outdated = (view: PodView) => view.templateHash !== templateHash;
  if (count === input.desired) {
    // Roll outdated pods one at a time, when idle; the next step creates the replacement.
    const stale =
      input.creating === 0
        ? live.find((view) => view.condition === 'ready' && idle(view) && outdated(view))
        : undefined;
    return { ended, create: 0, remove: stale ? [{ name: stale.name, cause: 'outdated' }] : [] };
  }

  const excess = count - input.desired;
  const pending = live.filter((view) => view.condition === 'pending').sort(newestFirst);
  const ready = live.filter((view) => view.condition === 'ready' && idle(view));
  const readyIdle = [
    ...ready.filter(outdated).sort(newestFirst),
    ...ready.filter((v) => !outdated(v)).sort(newestFirst),
  ];
  const remove: Plan['remove'] = [
    ...pending.map((view) => ({ name: view.name, cause: 'pending' as const })),
    ...readyIdle.map((view) => ({
      name: view.name,
      cause: outdated(view) ? ('outdated' as const) : ('idle' as const),
    })),
  ].slice(0, excess);

  const aboveMax = count - remove.length - input.max;
  if (aboveMax > 0) {
    const holding = live
      .filter((view) => view.condition === 'ready' && busy.has(view.name))
      .sort(newestFirst);
    remove.push(
      ...holding
        .slice(0, aboveMax)
        .map((view) => ({ name: view.name, cause: 'above-max' as const })),
    );
  }
  return { ended, create: 0, remove };
}
