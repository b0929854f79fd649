import type { Context, Env, Handler, Hono, MiddlewareHandler } from 'hono';
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

  constructor(
    private readonly app: Hono<E>,
    private readonly intercept: Interceptor,
  ) {}

  on(method: HttpMethod, operation: string, path: string, handler: Handler<E>, spec: OperationSpec = {}): void {
    this.operations.push({ operation, method, path, ...spec });
    this.app.on(method, path, (c, next) => {
      c.set('operation', operation);
      const answered = this.intercept(c as unknown as Context, operation);
      if (answered === undefined) return handler(c, next);
      return Promise.resolve(answered).then((r) => r ?? handler(c, next));
    });
  }

  get(operation: string, path: string, handler: Handler<E>, spec?: OperationSpec): void {
    this.on('GET', operation, path, handler, spec);
  }
  post(operation: string, path: string, handler: Handler<E>, spec?: OperationSpec): void {
    this.on('POST', operation, path, handler, spec);
  }
  put(operation: string, path: string, handler: Handler<E>, spec?: OperationSpec): void {
    this.on('PUT', operation, path, handler, spec);
  }
  patch(operation: string, path: string, handler: Handler<E>, spec?: OperationSpec): void {
    this.on('PATCH', operation, path, handler, spec);
  }
  delete(operation: string, path: string, handler: Handler<E>, spec?: OperationSpec): void {
    this.on('DELETE', operation, path, handler, spec);
  }
}

/** Wraps a whole vendor app (before auth and routing): the journal and per-request scenario selection plug in here. */
export type VendorMiddleware = MiddlewareHandler;

/** A path parameter of the matched route (always present once the route matched). */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}
