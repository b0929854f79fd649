import type { Context } from 'hono';
import { BoundedMemo } from '../lib/bounded-memo.js';

export type RouteHandler = (c: Context) => Response | Promise<Response>;

interface CompiledRoute {
  /** Upper case, or `ALL`. */
  method: string;
  /** One entry per path segment: a literal, or null for a `:name` parameter. */
  literals: (string | null)[];
  names: (string | null)[];
  handler: RouteHandler;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

const noParams: Record<string, string> = Object.freeze({}) as Record<string, string>;
const maxRememberedPath = 512;

/** A path parameter as Hono hands it over: percent-decoded when it can be, else as sent. */
function decoded(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A vendor's routes, compiled once: paths of literal segments and `:name` parameters, looked up
 * by segment count, the first registered match winning (as Hono's routers do). A HEAD request
 * is routed as its GET (Hono answers it with the GET's status and headers, and no body).
 */
export class RouteTable {
  private readonly bySegments = new Map<number, CompiledRoute[]>();
  /** What the last few distinct method and path pairs matched (clients poll the same paths); bounded. */
  private readonly recent = new BoundedMemo<string, RouteMatch | null>(256);

  add(method: string, path: string, handler: RouteHandler): void {
    if (!path.startsWith('/') || /[*?{}]/.test(path)) throw new Error(`route table: '${path}' is not a plain path of literals and :parameters`);
    const segments = path.split('/');
    const route: CompiledRoute = {
      method: method.toUpperCase(),
      literals: segments.map((s) => (s.startsWith(':') ? null : s)),
      names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : null)),
      handler,
    };
    const list = this.bySegments.get(segments.length);
    if (list) list.push(route);
    else this.bySegments.set(segments.length, [route]);
  }

  match(method: string, path: string): RouteMatch | undefined {
    if (path.length > maxRememberedPath) return this.find(method, path);
    const key = `${method} ${path}`;
    let found = this.recent.get(key);
    if (found === undefined) {
      found = this.find(method, path) ?? null;
      this.recent.set(key, found);
    }
    return found ?? undefined;
  }

  private find(method: string, path: string): RouteMatch | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const segments = path.split('/');
    const candidates = this.bySegments.get(segments.length);
    if (!candidates) return undefined;
    for (const route of candidates) {
      if (route.method !== wanted && route.method !== 'ALL') continue;
      if (!this.fits(route, segments)) continue;
      let params = noParams;
      for (let i = 0; i < segments.length; i++) {
        const name = route.names[i];
        if (name === null) continue;
        if (params === noParams) params = {};
        params[name] = decoded(segments[i]);
      }
      // Shared by every request of this path: nobody may change it.
      return { handler: route.handler, params: Object.freeze(params) };
    }
    return undefined;
  }

  private fits(route: CompiledRoute, segments: string[]): boolean {
    const { literals } = route;
    for (let i = 0; i < segments.length; i++) {
      const literal = literals[i];
      if (literal === null ? segments[i] === '' : literal !== segments[i]) return false;
    }
    return true;
  }
}
