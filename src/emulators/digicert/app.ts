import { Hono, type Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import { BodyTooLarge } from '../../http/body.js';
import type { Account } from '../../state/model.js';
import { CoreError } from '../../state/errors.js';
import { mountAcme } from '../acme/app.js';
import { OperationRouter, type OperationInfo } from '../operation-router.js';
import { vendorApp } from '../vendor-app.js';
import { v2, type DigicertEnv } from './env.js';
import { digicertErrorCatalogue } from './errors.js';
import { digicertRateLimiter } from './rate-limit.js';
import { DigicertFailure, fail } from './respond.js';
import { accountRoutes } from './routes/account.js';
import { certificateRoutes } from './routes/certificates.js';
import { dcvRoutes } from './routes/dcv.js';
import { domainRoutes } from './routes/domains.js';
import { orderActionRoutes } from './routes/order-actions.js';
import { orderRoutes } from './routes/orders.js';
import { requestRoutes } from './routes/requests.js';
import { statusChangeRoutes } from './routes/status-changes.js';
import { userRoutes } from './routes/users.js';

/** Order matters where paths overlap: status-changes before /order/certificate/{id}. */
const routeGroups = [statusChangeRoutes, orderRoutes, orderActionRoutes, dcvRoutes, certificateRoutes, requestRoutes, domainRoutes, accountRoutes, userRoutes];

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A read-only key reads the orders of the full-permission account that shares its DigiCert account id. */
function dataAccount(ctx: EmulatorContext, key: Account): Account {
  if (key.permissions !== 'read') return key;
  const accountId = (key.profile as { accountId?: number }).accountId;
  return ctx.store.accounts().find((a) => a.vendor === 'digicert' && a.permissions === 'all' && (a.profile as { accountId?: number }).accountId === accountId) ?? key;
}

/** The DigiCert CertCentral Services API v2 under /services/v2, authenticated by X-DC-DEVKEY. */
export function createDigicertApp(ctx: EmulatorContext): { app: Hono<DigicertEnv>; operations: OperationInfo[]; resetRateLimits: () => void } {
  ctx.vendorErrors.digicert = digicertErrorCatalogue;
  const limiter = digicertRateLimiter(ctx.clock);

  const onError = (err: Error, c: Context): Response => {
    if (err instanceof DigicertFailure) return fail(c, err.error, err.reason, err.suffix);
    if (err instanceof BodyTooLarge) return fail(c, 'request_too_large', err.message);
    if (err instanceof CoreError) {
      switch (err.problem.kind) {
        case 'not_found':
          return fail(c, 'not_found|order', err.message);
        case 'csr':
          return fail(c, 'csr_invalid_cannot_parse', err.message);
        case 'caa':
          return fail(c, 'caa_check_failed', err.message, err.problem.blocked[0]?.name);
        default:
          return fail(c, 'invalid_order_status', err.message);
      }
    }
    ctx.hooks.onUnexpected(err, c);
    return fail(c, 'internal_server_error', 'internal error (see the mockca log)');
  };
  const acmeApp = new Hono({ strict: false });
  acmeApp.onError(onError);
  const acme = mountAcme(acmeApp, ctx, 'digicert');

  const { app, routes } = vendorApp<DigicertEnv>(ctx, {
    vendor: 'digicert',
    strict: false,
    acme: { owns: acme.owns, app: acmeApp },
    authenticate: (c) => {
      if (c.req.path !== v2 && !c.req.path.startsWith(`${v2}/`)) return fail(c, 'not_found|route', `routes live under ${v2}`);
      const key = c.req.header('x-dc-devkey');
      const account = key ? ctx.store.accountByApiKey('digicert', key) : undefined;
      if (!account) return fail(c, 'access_denied|access_denied_invalid_key', key ? 'unknown X-DC-DEVKEY' : 'missing X-DC-DEVKEY header');
      // Counted per known key only (its account row), so unknown keys cost no memory.
      if (ctx.config.digicertRateLimit && !limiter.take(String(account.id))) return fail(c, 'request_limit_exceeded', 'rate limit: 1000 per 3 minutes / 100 per 5 seconds per key');
      if (account.permissions === 'read' && !readMethods.has(c.req.method)) {
        return fail(c, 'access_denied|missing_permission', 'this API key may only read');
      }
      c.set('key', account);
      c.set('account', dataAccount(ctx, account));
      return undefined;
    },
    notFound: (c) => fail(c, 'not_found|route', `no route ${c.req.method} ${c.req.path}`),
    onError,
  });

  const router = new OperationRouter<DigicertEnv>(routes, ctx.hooks.intercept);
  for (const register of routeGroups) register(router, ctx);
  return { app, operations: [...router.operations, ...acme.operations], resetRateLimits: () => limiter.clear() };
}
