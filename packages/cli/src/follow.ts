// Following a sweep's WatchSweep stream to its end, shown one of three ways: JSON lines
// (--json), a live progress line (a terminal), or plain lines (pipes and logs).
// A stream lost after it started (a coordinator restart) is opened again: every stream
// begins with a snapshot, so the view catches up, though trial changes in the gap are
// not replayed one by one.
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import type { SweepEvent__Output, Sweep__Output } from '@hyperfleet/proto';
import type { Context } from './context.js';
import { CliError, RemoteError } from './errors.js';
import { spanMs } from './present/format.js';
import { progressLine } from './present/progress.js';
import { finishedLine, WatchLines } from './present/watch-lines.js';

// TODO(WatchSweep has no resume point: changes before the snapshot or in a reconnect gap are lost)
export const RECONNECT = {
  firstDelayMs: 500,
  maxDelayMs: 5_000,
  /** How long a lost stream is retried before the watch gives up with the last error. */
  giveUpAfterMs: 60_000,
};

// Elapsed time moves on between events; a redraw each second keeps the clock honest.
const LIVE_REDRAW_MS = 1_000;

interface WatchView {
  show(event: SweepEvent__Output): void;
  close(last: Sweep__Output | undefined): void;
}

/** Resolves with the sweep as it finished; rejects when the stream cannot be (re)opened. */
export async function followSweep(ctx: Context, sweepId: string): Promise<Sweep__Output> {
  const view = chooseView(ctx);
  let last: Sweep__Output | undefined;
  let lostSince: number | undefined;
  let delay = RECONNECT.firstDelayMs;

  try {
    for (;;) {
      try {
        for await (const event of abortable(ctx.sweeps.watchSweep(sweepId), ctx.signal)) {
          if (lostSince !== undefined) {
            ctx.out.note(
              `reconnected to ${ctx.options.coordinator}; watching sweep ${sweepId} again`,
            );
          }
          lostSince = undefined;
          delay = RECONNECT.firstDelayMs;
          if (event.sweep) last = event.sweep;
          view.show(event);
          if (event.type === 'SWEEP_FINISHED' && last) return last;
        }
        // Ended without SWEEP_FINISHED: the coordinator went away cleanly.
        if (last === undefined) throw new CliError(`the watch of sweep ${sweepId} ended at once`);
      } catch (error) {
        if (last === undefined || !isLostStream(error) || ctx.signal.aborted) throw error;
        const expired = lostSince !== undefined && Date.now() - lostSince > RECONNECT.giveUpAfterMs;
        if (expired) throw error;
      }
      if (lostSince === undefined) {
        lostSince = Date.now();
        ctx.out.note(
          `lost the watch of sweep ${sweepId}; reconnecting to ${ctx.options.coordinator} for up to ${RECONNECT.giveUpAfterMs / 1000}s`,
        );
      }
      await pause(delay, ctx.signal);
      delay = Math.min(delay * 2, RECONNECT.maxDelayMs);
    }
  } finally {
    view.close(last);
  }
}

/** Waits, unless Ctrl-C comes first: then rejects with the signal's own reason. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
}

/**
 * A coordinator that stops gracefully ends open streams with grpc-js's forceShutdown, whose
 * RST_STREAM (NGHTTP2_CANCEL) reaches this side as CANCELLED; a killed one drops the
 * connection (UNAVAILABLE). A cancel of our own is Ctrl-C, which the caller checks first.
 */
const LOST_STREAM_CODES = new Set([status.UNAVAILABLE, status.INTERNAL, status.CANCELLED]);

function isLostStream(error: unknown): boolean {
  return error instanceof RemoteError && LOST_STREAM_CODES.has(error.code);
}

function chooseView(ctx: Context): WatchView {
  if (ctx.out.json) return { show: (event) => ctx.out.record(event), close: () => {} };
  if (ctx.out.interactive) return liveView(ctx);
  const lines = new WatchLines();
  return { show: (event) => ctx.out.lines(lines.render(event)), close: () => {} };
}

function liveView(ctx: Context): WatchView {
  let sweep: Sweep__Output | undefined;
  const draw = () => {
    if (!sweep) return;
    const elapsed = spanMs(sweep.createdAt, sweep.finishedAt || new Date().toISOString()) ?? 0;
    ctx.out.liveLine(progressLine(sweep, elapsed, ctx.out.columns));
  };
  const timer = setInterval(draw, LIVE_REDRAW_MS);
  return {
    show(event) {
      if (event.sweep) sweep = event.sweep;
      draw();
    },
    close(last) {
      clearInterval(timer);
      ctx.out.endLive();
      if (last && last.state !== 'SWEEP_RUNNING') ctx.out.line(finishedLine(last));
    },
  };
}

/** Iterates a stream until it ends or the signal fires; the stream is cancelled either way. */
async function* abortable<T>(stream: AsyncGenerator<T>, signal: AbortSignal): AsyncGenerator<T> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The race below is its only consumer; this keeps an unraced rejection from being "unhandled".
  aborted.catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([stream.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Each reconnect makes a new listener; the old one must not pile up on the signal.
    signal.removeEventListener('abort', onAbort!);
    // Not awaited: an async generator queues return() behind the read in flight.
    void stream.return(undefined).catch(() => {});
  }
}
