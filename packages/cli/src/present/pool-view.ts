// How the worker pool reads: one line of counts and limits, then the workers that are not
// ready and why, the pool's own reasons, and what it did lately (newest first).
import type { PendingWorker__Output, PoolEvent__Output, Pool__Output } from '@hyperfleet/proto';
import { formatTime } from './format.js';
import { formatTable } from './table.js';

const INDENT = '  ';

export function poolDetails(pool: Pool__Output): string[] {
  return [
    poolHeadline(pool),
    '',
    ...section('pending', pendingTable(pool.pendingWorkers)),
    ...(pool.reasons.length > 0 ? ['', 'why:', ...indent(pool.reasons.map(oneLine))] : []),
    '',
    ...section('recent events', eventTable(pool.events)),
  ];
}

/**
 * "pool hf-workers (kubernetes, namespace hyperfleet): desired 3, ready 1, pending 2, busy 1,
 * demand 5, min 0, max 4". A pool of a fixed size reports min and max equal to desired; they
 * are not limits anyone can set, so the line says so instead.
 */
export function poolHeadline(pool: Pool__Output): string {
  const where = pool.namespace ? `${pool.kind}, namespace ${pool.namespace}` : pool.kind;
  const counts = [
    `desired ${pool.desired}`,
    `ready ${pool.ready}`,
    `pending ${pool.pending}`,
    `busy ${pool.busy}`,
    `demand ${pool.demand}`,
  ];
  const limits = pool.scalable ? [`min ${pool.min}`, `max ${pool.max}`] : ['fixed size'];
  return `pool ${pool.name} (${where}): ${[...counts, ...limits].join(', ')}`;
}

export function pendingTable(workers: readonly PendingWorker__Output[]): string[] {
  if (workers.length === 0) return [];
  return formatTable(
    [{ header: 'NAME' }, { header: 'REASON' }, { header: 'MESSAGE' }, { header: 'SINCE' }],
    workers.map((worker) => [
      worker.name,
      worker.reason || '-',
      oneLine(worker.message) || '-',
      formatTime(worker.since),
    ]),
  );
}

export function eventTable(events: readonly PoolEvent__Output[]): string[] {
  if (events.length === 0) return [];
  return formatTable(
    [
      { header: 'TIME' },
      { header: 'TYPE' },
      { header: 'WORKER' },
      { header: 'TRIAL' },
      { header: 'MESSAGE' },
    ],
    events.map((event) => [
      formatTime(event.at),
      event.type,
      event.worker || '-',
      event.trialId || '-',
      oneLine(event.message),
    ]),
  );
}

/** "label:" over an indented table, or "label: none" when the table is empty. */
function section(label: string, table: readonly string[]): string[] {
  return table.length === 0 ? [`${label}: none`] : [`${label}:`, ...indent(table)];
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => INDENT + line);
}

// Kubernetes messages can span lines; a table row cannot.
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
