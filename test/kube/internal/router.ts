/**
 * Routes requests by method and path pattern to handlers, and turns a thrown KubeApiError
 * (or anything else) into the Status response a client expects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './http-io.js';
import { methodNotAllowed, pathNotFound } from './status.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** `/api/v1/namespaces/:namespace/pods/:name` to a pattern with named segments. */
function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), keys };
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, ...compile(path), handler });
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    try {
      let pathMatched = false;
      for (const route of this.routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== req.method) continue;
        const params = Object.fromEntries(
          route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1]!)]),
        );
        await route.handler({ req, res, params, query: url.searchParams, path });
        return;
      }
      throw pathMatched ? methodNotAllowed(req.method ?? '') : pathNotFound(path);
    } catch (error) {
      sendError(res, error);
    }
  }
}
