import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { EmulatorContext } from '../../context.js';
import { OperationRouter, type OperationInfo } from '../operation-router.js';
import { accountResource, keyChange, newAccount, ordersList } from './accounts.js';
import { authzResource, challengeResource } from './authorizations.js';
import { certificateResource, revokeCert } from './certificates.js';
import { directoryOf } from './directory.js';
import { flattenedJws } from './jws.js';
import { finalize } from './finalize.js';
import { newOrder, orderResource } from './orders.js';
import { AcmeProblem } from './problems.js';
import { renewalInfo } from './renewal-info.js';
import { requestOrigin } from './request.js';
import { acmeJson, problemOf, problemResponse } from './respond.js';
import { withAcmeProblems } from './scripted-problems.js';
import { acmeServer, type AcmeServer } from './server.js';
import { acmeRoutes, acmeUrls } from './urls.js';
import { acmeVendors, type AcmeVendor } from './vendors.js';

type Route = (server: AcmeServer, c: Context) => Response | Promise<Response>;

const jose = 'application/jose+json' as unknown as 'application/json';

/** Every answer of an ACME route, scripted ones too: a fresh nonce, no caching, a link to the directory. */
function acmeHeaders(server: AcmeServer): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      c.res.headers.set('replay-nonce', server.nonces.issue());
      c.res.headers.set('cache-control', 'no-store');
      if (c.req.path.replace(/\/$/, '') !== server.profile.directoryPath.replace(/\/$/, '')) c.res.headers.append('link', `<${acmeUrls(requestOrigin(c), server.profile).directory}>;rel="index"`);
    } catch {
      // an immutable scripted response keeps its own headers
    }
  };
}

function answer(server: AcmeServer, route: Route) {
  return async (c: Context) => {
    try {
      return await route(server, c);
    } catch (e) {
      if (e instanceof AcmeProblem) return problemOf(e);
      server.ctx.hooks.onUnexpected(e as Error, c);
      return problemResponse({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'internal error (see the mockca log)', status: 500 });
    }
  };
}

/**
 * Mounts the vendor's ACME server (RFC 8555 with External Account Binding) on an app of its own,
 * which the vendor's listener hands the paths it `owns` before the vendor's own authentication. Answers the operations it registered, for scenarios and the
 * contract report (`digicert.acme.newOrder`, …).
 */
export function mountAcme(app: Hono<any>, ctx: EmulatorContext, vendor: AcmeVendor): { operations: OperationInfo[]; owns(path: string): boolean } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const profile = acmeVendors[vendor];
  const server = acmeServer(ctx, profile);
  ctx.vendorErrors[vendor] = withAcmeProblems(ctx.vendorErrors[vendor]);
  const paths = acmeRoutes(profile);
  app.use(paths.directory, acmeHeaders(server));
  app.use(paths.any, acmeHeaders(server));

  const router = new OperationRouter(app, ctx.hooks.intercept);
  const op = (name: string) => `${vendor}.acme.${name}`;
  const post = (name: string, path: string, route: Route, spec: Parameters<typeof router.post>[3] = {}) => {
    router.post(op(name), path, answer(server, route), { body: flattenedJws, bodyType: jose, ...spec });
    app.get(path, () => problemOf(new AcmeProblem('malformed', `${path}: use POST (POST-as-GET for reads, RFC 8555 §6.3)`, 405)));
  };

  router.get(op('directory'), paths.directory, answer(server, (_s, c) => acmeJson(directoryOf(server, acmeUrls(requestOrigin(c), profile)))), {
    summary: 'ACME directory (RFC 8555 §7.1.1)',
  });
  // RFC 8555 §7.2: HEAD answers 200, GET 204.
  router.get(op('newNonce'), paths.newNonce, (c) => new Response(null, { status: c.req.method === 'HEAD' ? 200 : 204 }), {
    summary: 'a fresh Replay-Nonce (HEAD answers 200)',
  });
  post('newAccount', paths.newAccount, newAccount, { summary: 'create (EAB required) or find an account; onlyReturnExisting', responseStatus: 201 });
  post('orders', paths.orders, ordersList, { summary: 'the orders of an account' });
  post('account', paths.account, accountResource, { summary: 'read, update contacts or deactivate an account' });
  post('keyChange', paths.keyChange, keyChange, { summary: 'account key rollover' });
  post('newOrder', paths.newOrder, newOrder, { summary: 'new order', responseStatus: 201 });
  post('finalize', paths.finalize, finalize, { summary: 'finalize an order with a CSR' });
  post('order', paths.order, orderResource, { summary: 'read an order (a status poll)' });
  post('authz', paths.authz, authzResource, { summary: 'read or deactivate an authorization' });
  post('challenge', paths.challenge, challengeResource, { summary: 'respond to a challenge (http-01, dns-01)' });
  post('certificate', paths.alternate, certificateResource, { summary: 'an alternate certificate chain' });
  post('certificate', paths.certificate, certificateResource, { summary: 'download the certificate chain' });
  post('revokeCert', paths.revokeCert, revokeCert, { summary: 'revoke by account key or by certificate key' });
  router.get(op('renewalInfo'), paths.renewalInfo, answer(server, renewalInfo), { summary: 'ACME Renewal Information (RFC 9773)' });

  app.all(paths.any, (c: Context) => problemOf(new AcmeProblem('malformed', `no ACME resource ${c.req.method} ${c.req.path}`, 404)));
  const base = profile.base.replace(/\/$/, '');
  return { operations: router.operations, owns: (path) => path === base || path.startsWith(`${base}/`) || path === paths.directory };
}
