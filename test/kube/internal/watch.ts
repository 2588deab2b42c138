/**
 * Watch streams: newline-delimited JSON `{type, object}` events over a chunked response.
 * A watch from a resourceVersion replays the retained changes after it (410 Expired in an
 * ERROR event when history no longer reaches back); one without starts with the current
 * objects as ADDED. With a selector, an object that starts or stops matching is ADDED or
 * DELETED, as the apiserver's watch cache reports it.
 */
import type { ServerResponse } from 'node:http';
import type { Change, ObjectStore, StoredObject } from './object-store.js';
import { badRequest, expired } from './status.js';

export interface WatchRequest {
  resource: string;
  /** The kind named in BOOKMARK objects, e.g. `Pod`. */
  kind: string;
  matches: (obj: StoredObject) => boolean;
  resourceVersion: string | null;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchHubOptions {
  /** How often an idle watch that allows bookmarks gets one (default 1 s). */
  bookmarkIntervalMs?: number;
  /** Server-side watch timeout when the client sets none; unset keeps watches open. */
  defaultTimeoutSeconds?: number;
}

const DEFAULT_BOOKMARK_INTERVAL_MS = 1000;

/** What a selector-filtered watcher sees of a change, if anything. */
function translate(change: Change, matches: (obj: StoredObject) => boolean): EventType | undefined {
  const isIn = matches(change.object);
  const wasIn = change.previous !== undefined && matches(change.previous);
  switch (change.type) {
    case 'ADDED':
      return isIn ? 'ADDED' : undefined;
    case 'DELETED':
      return wasIn || isIn ? 'DELETED' : undefined;
    case 'MODIFIED':
      if (wasIn && isIn) return 'MODIFIED';
      if (isIn) return 'ADDED';
      return wasIn ? 'DELETED' : undefined;
  }
}

export class WatchHub {
  private readonly open = new Set<ServerResponse>();
  private readonly bookmarkIntervalMs: number;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: WatchHubOptions = {},
  ) {
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
  }

  get openWatches(): number {
    return this.open.size;
  }

  serve(res: ServerResponse, request: WatchRequest): void {
    const { resourceVersion } = request;
    const fromScratch =
      resourceVersion === null || resourceVersion === '' || resourceVersion === '0';
    let since = this.store.resourceVersion;
    if (!fromScratch) {
      if (!/^\d+$/.test(resourceVersion)) {
        throw badRequest(`invalid resource version ${JSON.stringify(resourceVersion)}`);
      }
      since = Number(resourceVersion);
    }

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const write = (type: EventType, object: unknown): void => {
      if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
    };

    const replay = fromScratch ? [] : this.store.changesSince(request.resource, since);
    if (replay === 'expired') {
      const oldest = this.store.oldestResumableVersion;
      write('ERROR', expired(`too old resource version: ${since} (${oldest})`).status);
      res.end();
      return;
    }

    this.open.add(res);
    const bookmark = (annotations?: Record<string, string>): void =>
      write('BOOKMARK', {
        kind: request.kind,
        apiVersion: 'v1',
        metadata: {
          resourceVersion: String(this.store.resourceVersion),
          ...(annotations ? { annotations } : {}),
        },
      });

    if (fromScratch) {
      for (const obj of this.store.list(request.resource)) {
        if (request.matches(obj)) write('ADDED', obj);
      }
      if (request.sendInitialEvents && request.allowBookmarks) {
        bookmark({ 'k8s.io/initial-events-end': 'true' });
      }
    }
    for (const change of replay) {
      const type = translate(change, request.matches);
      if (type) write(type, change.object);
    }
    const unsubscribe = this.store.subscribe(request.resource, (change) => {
      const type = translate(change, request.matches);
      if (type) write(type, change.object);
    });

    const timers: NodeJS.Timeout[] = [];
    const timeoutSeconds = request.timeoutSeconds ?? this.options.defaultTimeoutSeconds;
    if (timeoutSeconds !== undefined) {
      timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
    }
    if (request.allowBookmarks) {
      timers.push(setInterval(() => bookmark(), this.bookmarkIntervalMs));
    }
    res.once('close', () => {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      this.open.delete(res);
    });
  }

  /** Ends every open watch, as an apiserver shutting down does. */
  closeAll(): void {
    for (const res of this.open) res.end();
  }
}
