// The single live line a terminal shows while a sweep runs. It must never be wider than
// the terminal: a wrapped line can no longer be redrawn in place with a carriage return.
import type { Sweep__Output } from '@hyperfleet/proto';
import { formatClock, formatNumber, truncate } from './format.js';
import { counts, finishedTrials, plannedTrials } from './sweep-view.js';

const BAR = { full: '█', empty: '░', maxWidth: 24, minWidth: 8 };

export function progressLine(sweep: Sweep__Output, elapsedMs: number, columns: number): string {
  const c = counts(sweep);
  const done = finishedTrials(sweep);
  const planned = plannedTrials(sweep);
  const best =
    sweep.bestTrial?.value === undefined
      ? 'best -'
      : `best ${formatNumber(sweep.bestTrial.value)} (#${sweep.bestTrial.number})`;
  const name = sweep.spec?.name || sweep.id;
  const stats = [
    `${done}/${planned} done`,
    `${c.running} running`,
    `${c.failed} failed`,
    `${c.pruned} pruned`,
    best,
    formatClock(elapsedMs),
  ].join(' · ');

  // The last column stays empty: writing into it makes some terminals wrap early.
  const room = Math.max(1, columns - 1);
  const withoutBar = `${name} ${stats}`;
  const barWidth = Math.min(BAR.maxWidth, room - [...withoutBar].length - 1);
  if (barWidth < BAR.minWidth) return truncate(withoutBar, room);
  return `${name} ${bar(done, planned, barWidth)} ${stats}`;
}

export function bar(done: number, planned: number, width: number): string {
  const ratio = planned > 0 ? Math.min(1, done / planned) : 0;
  const filled = Math.round(ratio * width);
  return BAR.full.repeat(filled) + BAR.empty.repeat(width - filled);
}
