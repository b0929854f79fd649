import type { Context } from 'hono';
import * as z from 'zod';
import type { AcmeAccount, AcmeAuthz, AcmeChallenge } from './model.js';
import { authzStatus } from './order-status.js';
import { AcmeProblem, notFound } from './problems.js';
import { accountOf, payloadOf, signedRequest } from './request.js';
import { acmeJson, link } from './respond.js';
import type { AcmeServer } from './server.js';
import type { AcmeUrls } from './urls.js';
import { checkChallenge } from './validate.js';

export const authzUpdatePayload = z.object({ status: z.literal('deactivated') });
/** A challenge is triggered with an empty object (RFC 8555 §7.5.1). */
export const challengePayload = z.object({}).passthrough();

function presentChallenge(authz: AcmeAuthz, ch: AcmeChallenge, urls: AcmeUrls) {
  return {
    type: ch.type,
    url: urls.challenge(authz.id, ch.type),
    token: ch.token,
    status: ch.status,
    ...(ch.validated ? { validated: new Date(ch.validated).toISOString() } : {}),
    ...(ch.error ? { error: ch.error } : {}),
  };
}

function presentAuthz(server: AcmeServer, authz: AcmeAuthz, urls: AcmeUrls) {
  return {
    identifier: authz.identifier,
    status: authzStatus(authz, server.ctx.clock.nowMs()),
    expires: new Date(authz.expires).toISOString(),
    challenges: authz.challenges.map((ch) => presentChallenge(authz, ch, urls)),
    ...(authz.wildcard ? { wildcard: true } : {}),
  };
}

function ownAuthz(server: AcmeServer, id: string, account: AcmeAccount): AcmeAuthz {
  const authz = server.store.object<AcmeAuthz>(server.profile.vendor, 'authz', id);
  if (!authz) throw notFound('authorization');
  if (authz.account !== account.id) throw new AcmeProblem('unauthorized', 'the authorization belongs to another account');
  return authz;
}

/** The authorization URL: POST-as-GET reads it; {status: deactivated} gives it up (RFC 8555 §7.5.2). */
export async function authzResource(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  let authz = ownAuthz(server, c.req.param('id') ?? '', accountOf(req));
  if (!req.isGet) {
    payloadOf(req, authzUpdatePayload);
    const status = authzStatus(authz, server.ctx.clock.nowMs());
    if (status !== 'pending' && status !== 'valid') throw new AcmeProblem('malformed', `the authorization is ${status} and cannot be deactivated`);
    authz = { ...authz, status: 'deactivated' };
    server.store.updateObject(server.profile.vendor, 'authz', authz.id, authz);
  }
  return acmeJson(presentAuthz(server, authz, req.urls));
}

/** A challenge URL: POST {} asks the server to validate (done at once); POST-as-GET reads it. */
export async function challengeResource(server: AcmeServer, c: Context): Promise<Response> {
  const req = await signedRequest(server, c, 'kid');
  const account = accountOf(req);
  let authz = ownAuthz(server, c.req.param('id') ?? '', account);
  const type = c.req.param('type');
  const challenge = authz.challenges.find((ch) => ch.type === type);
  if (!challenge) throw notFound('challenge');
  const up = { link: link(req.urls.authz(authz.id), 'up') };
  if (req.isGet || challenge.status !== 'pending' || authzStatus(authz, server.ctx.clock.nowMs()) !== 'pending') {
    if (!req.isGet) payloadOf(req, challengePayload);
    return acmeJson(presentChallenge(authz, challenge, req.urls), 200, up);
  }
  payloadOf(req, challengePayload);
  const problem = await checkChallenge(server, authz, challenge, account.thumbprint);
  const now = server.ctx.clock.nowMs();
  const done: AcmeChallenge = problem ? { ...challenge, status: 'invalid', error: problem } : { ...challenge, status: 'valid', validated: now };
  authz = {
    ...authz,
    status: problem ? 'invalid' : 'valid',
    challenges: authz.challenges.map((ch) => (ch.type === type ? done : ch)),
  };
  server.store.updateObject(server.profile.vendor, 'authz', authz.id, authz);
  return acmeJson(presentChallenge(authz, done, req.urls), 200, up);
}
