// On start, the pool takes over the pods it finds by its labels, instead of creating new ones
// beside them (duplicates) or forgetting them (leaks): a coordinator restart leaves its
// workers running their trials. Adopted pods count like any other; ended ones are recorded
// and removed by the next reconcile; outdated ones are replaced once idle.
import type { PodView } from './pod-state.js';

export interface Adoption {
  /** Running or pending pods the pool now counts as its own. */
  live: string[];
  /** Pods built from another template; replaced one at a time once idle. */
  outdated: string[];
  /** Pods that ended while no coordinator watched; recorded and removed. */
  ended: string[];
  /** The pool event's message, or undefined when nothing was found. */
  message?: string;
}

export function adoptPods(views: readonly PodView[], templateHash: string): Adoption {
  const live = views.filter((view) => view.condition === 'ready' || view.condition === 'pending');
  const outdated = live
    .filter((view) => view.templateHash !== templateHash)
    .map((view) => view.name);
  const ended = views.filter((view) => view.condition === 'ended').map((view) => view.name);
  const names = live.map((view) => view.name);
  if (names.length === 0 && ended.length === 0) return { live: [], outdated, ended };

  const parts = [
    `adopted ${names.length} worker pod${names.length === 1 ? '' : 's'}${names.length > 0 ? ` (${names.join(', ')})` : ''}`,
  ];
  if (outdated.length > 0)
    parts.push(`${outdated.length} from an older template, replaced once idle`);
  if (ended.length > 0)
    parts.push(`${ended.length} ended while no coordinator watched (${ended.join(', ')})`);
  return { live: names, outdated, ended, message: parts.join('; ') };
}
