import type { Context, Env, Handler, Hono } from 'hono';
import { RouteTable } from './route-table.js';
import type * as z from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the OpenAPI document and the docs say about an operation; `body` is the schema that validates it. */
export interface OperationSpec {
  summary?: string;
  body?: z.ZodType;
  /** Request content type of `body` (default application/json). */
  bodyType?: 'application/json' | 'application/x-www-form-urlencoded';
  query?: z.ZodType;
  /** Schema of the JSON success answer (the contract tests hold the answers against it), and its status (default 200). */
  response?: z.ZodType;
  responseStatus?: 200 | 201 | 204;
  /** Content type of `response` (default application/json; Sectigo answers URL-encoded). */
  responseType?: 'application/json' | 'application/x-www-form-urlencoded';
}

export interface OperationInfo extends OperationSpec {
  operation: string;
  method: HttpMethod;
  path: string;
}

/**
 * A route's spec, or a function that makes it: the CLI builds a vendor's zod schemas on the first
 * request that needs them (or the first read of its OpenAPI document), not at start.
 */
export type OperationSpecSource = OperationSpec | (() => OperationSpec);

const specKeys = ['summary', 'body', 'bodyType', 'query', 'response', 'responseStatus', 'responseType'] as const satisfies readonly (keyof OperationSpec)[];

/** The operation with its spec's fields, read from a spec function on first use (once). */
export function operationInfo(operation: string, method: HttpMethod, path: string, spec: OperationSpecSource): OperationInfo {
  if (typeof spec !== 'function') return { operation, method, path, ...spec };
  let made: OperationSpec | undefined;
  const info = { operation, method, path } as OperationInfo;
  for (const key of specKeys) {
    Object.defineProperty(info, key, { enumerable: true, configurable: true, get: () => (made ??= spec())[key] });
  }
  return info;
}

/**
 * Runs before a route's handler: may answer instead of it (scenarios), or let it through. Answers
 * `undefined` synchronously when no rule could apply, so the common case costs no await.
 */
export type Interceptor = (c: Context, operation: string) => Response | undefined | Promise<Response | undefined>;

type OperationEnv = Env & { Variables: { operation: string } };

/**
 * Registers routes under a stable operation name (`regfish.reissue`, …). The names feed the
 * scenario matcher, the journal, the contract report and the OpenAPI documents.
 */
export class OperationRouter<E extends OperationEnv> {
  readonly operations: OperationInfo[] = [];

  /** `target`: a Hono app (its router), or a vendor's precompiled route table. */
  constructor(
    private readonly target: Hono<E> | RouteTable,
    private readonly intercept: Interceptor,
  ) {}

  on(method: HttpMethod, operation: string, path: string, handler: Handler<E>, spec: OperationSpecSource = {}): void {
    this.operations.push(operationInfo(operation, method, path, spec));
    const run = (c: Context<E>, next: () => Promise<void>) => {
      c.set('operation', operation);
      const answered = this.intercept(c as unknown as Context, operation);
      if (answered === undefined) return handler(c, next);
      return Promise.resolve(answered).then((r) => r ?? handler(c, next));
    };
    if (this.target instanceof RouteTable) this.target.add(method, path, (c) => run(c as unknown as Context<E>, noNext) as Response | Promise<Response>);
    else this.target.on(method, path, run);
  }

  get(operation: string, path: string, handler: Handler<E>, spec?: OperationSpecSource): void {
    this.on('GET', operation, path, handler, spec);
  }
  post(operation: string, path: string, handler: Handler<E>, spec?: OperationSpecSource): void {
    this.on('POST', operation, path, handler, spec);
  }
  put(operation: string, path: string, handler: Handler<E>, spec?: OperationSpecSource): void {
    this.on('PUT', operation, path, handler, spec);
  }
  patch(operation: string, path: string, handler: Handler<E>, spec?: OperationSpecSource): void {
    this.on('PATCH', operation, path, handler, spec);
  }
  delete(operation: string, path: string, handler: Handler<E>, spec?: OperationSpecSource): void {
    this.on('DELETE', operation, path, handler, spec);
  }
}

/**
 * Wraps every request of a vendor listener (before auth and routing): the journal and the
 * scenarios plug in here. Calls `answer` (unless a rule answers first) and gives back what is sent.
 */
export type RequestObserver = (c: Context, answer: () => Response | Promise<Response>) => Response | Promise<Response>;

/** A route-table handler has no next handler: it answers. */
const noNext = async (): Promise<void> => undefined;

const paramsKey = 'mockcaParams';

/** The path parameters of the route a vendor's route table matched (read by param()). */
export function setRouteParams(c: Context, params: Record<string, string>): void {
  (c as unknown as { set(k: string, v: Record<string, string>): void }).set(paramsKey, params);
}

/** Every path parameter of the matched route, percent-decoded. */
export function routeParams(c: Context): Record<string, string> {
  return (c as unknown as { get(k: string): Record<string, string> | undefined }).get(paramsKey) ?? (c.req.param() as Record<string, string>);
}

/** A path parameter of the matched route, or undefined when the route has none of that name. */
export function optionalParam(c: Context, name: string): string | undefined {
  const params = (c as unknown as { get(k: string): Record<string, string> | undefined }).get(paramsKey);
  return params ? params[name] : c.req.param(name);
}

/** A path parameter of the matched route (always present once the route matched). */
export function param(c: Context, name: string): string {
  return optionalParam(c, name) ?? '';
}
