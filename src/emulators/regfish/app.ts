import type { Hono } from 'hono';
import type { EmulatorContext } from '../../context.js';
import { BodyTooLarge } from '../../http/body.js';
import { CoreError } from '../../state/errors.js';
import { OperationRouter, type OperationInfo } from '../operation-router.js';
import { vendorApp } from '../vendor-app.js';
import type { RegfishEnv } from './env.js';
import { regfishErrorCatalogue } from './errors.js';
import { fail, RegfishFailure } from './respond.js';
import { certificateRoutes } from './routes/certificates.js';
import { dnsRoutes } from './routes/dns.js';
import { downloadRoutes } from './routes/download.js';
import { organizationRoutes } from './routes/organizations.js';
import { productRoutes } from './routes/products.js';
import { reissueRoutes } from './routes/reissue.js';
import { revokeCancelRoutes } from './routes/revoke-cancel.js';

const routeGroups = [productRoutes, certificateRoutes, reissueRoutes, downloadRoutes, revokeCancelRoutes, organizationRoutes, dnsRoutes];

/** The Regfish TLS API (and the DNS endpoints its DCV flow uses), authenticated by `x-api-key`. */
export function createRegfishApp(ctx: EmulatorContext): { app: Hono<RegfishEnv>; operations: OperationInfo[] } {
  ctx.vendorErrors.regfish = regfishErrorCatalogue;
  const { app, routes } = vendorApp<RegfishEnv>(ctx, {
    vendor: 'regfish',
    authenticate: (c) => {
      const key = c.req.header('x-api-key');
      const account = key ? ctx.store.accountByApiKey('regfish', key) : undefined;
      if (!account) return fail(c, 'unauthorized', key ? 'unknown x-api-key' : 'missing x-api-key header');
      c.set('account', account);
      return undefined;
    },
    notFound: (c) => fail(c, 'routeNotFound', `no route ${c.req.method} ${c.req.path}`),
    onError: (err, c) => {
      if (err instanceof RegfishFailure) return fail(c, err.error, err.reason);
      if (err instanceof BodyTooLarge) {
        // The rest of the body is not read, so this connection cannot carry another request.
        c.header('connection', 'close');
        return fail(c, 'payloadTooLarge', err.message);
      }
      if (err instanceof CoreError) {
        if (err.problem.kind === 'not_found') return fail(c, err.problem.entity === 'organization' ? 'organizationNotFound' : 'certificateNotFound');
        if (err.problem.kind === 'caa') return fail(c, 'caaCheckFailed', err.message);
        return fail(c, 'invalidCertificateRequest', err.message);
      }
      ctx.hooks.onUnexpected(err, c);
      return fail(c, 'unexpected', 'internal error (see the mockca log)');
    },
  });
  const router = new OperationRouter<RegfishEnv>(routes, ctx.hooks.intercept);
  for (const register of routeGroups) register(router, ctx);
  return { app, operations: router.operations };
}
