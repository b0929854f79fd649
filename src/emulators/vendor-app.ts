import { Hono, type Context, type Env } from 'hono';
import type { EmulatorContext } from '../context.js';
import type { Vendor } from '../state/model.js';
import { setRouteParams } from './operation-router.js';
import { RouteTable } from './route-table.js';

export interface VendorAppSpec {
  vendor: Vendor;
  /** false: a trailing slash is ignored when routing (DigiCert). */
  strict?: boolean;
  /** The vendor's ACME server, answering the paths it owns before the vendor's authentication. */
  acme?: { owns(path: string): boolean; app: Hono<any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Runs before routing: a refusal (missing or unknown key, rate limit …), or undefined to go on. */
  authenticate?(c: Context): Response | undefined;
  notFound(c: Context): Response;
  onError(err: Error, c: Context): Response;
}

/**
 * A vendor listener's app: one handler for every request that observes it (journal, scenarios),
 * hands ACME paths to the ACME server, authenticates, routes on a precompiled table and answers,
 * with the vendor's own not-found and error answers. One function per request instead of a chain
 * of middleware and a general router.
 */
export function vendorApp<E extends Env>(ctx: EmulatorContext, spec: VendorAppSpec): { app: Hono<E>; routes: RouteTable } {
  const app = new Hono<E>({ strict: spec.strict ?? true });
  const routes = new RouteTable();
  const observe = ctx.hooks.observe(spec.vendor);
  const { acme, authenticate, notFound, onError } = spec;

  const failed = (err: unknown, c: Context): Response => {
    if (!(err instanceof Error)) throw err;
    c.error = err;
    return onError(err, c);
  };
  const settled = (res: Response | Promise<Response>, c: Context): Response | Promise<Response> => (res instanceof Promise ? res.catch((err: unknown) => failed(err, c)) : res);

  const answer = (c: Context): Response | Promise<Response> => {
    try {
      if (acme?.owns(c.req.path)) return settled(acme.app.fetch(c.req.raw, c.env), c);
      const refused = authenticate?.(c);
      if (refused) return refused;
      const found = routes.match(c.req.method, c.req.path);
      if (!found) return notFound(c);
      setRouteParams(c, found.params);
      return settled(found.handler(c), c);
    } catch (err) {
      return failed(err, c);
    }
  };

  app.all('*', (c) => observe(c as unknown as Context, () => answer(c as unknown as Context)));
  app.onError((err, c) => onError(err, c as unknown as Context));
  return { app, routes };
}
