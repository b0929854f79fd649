import type { Context } from 'hono';
import type { SecondFactor } from '../../config.js';
import type { EmulatorContext } from '../../context.js';
import type { ControlApp } from '../../control/env.js';
import { Outbox } from '../../state/outbox.js';
import { field, redirectWith } from '../data.js';
import { getDraft, type ReissueDraft } from '../reissue-draft.js';
import { consoleUserEmail, sendCode, useCode, verifyCode, type OtpChannel } from './otp.js';
import type { Outcome } from './outcome.js';
import { peekLogin, takeLogin } from './pending-login.js';

/**
 * The second factor of a console reissue, for every mechanism the CA-portal documents list: the
 * codes (email, SMS, both), a login at an identity provider (OIDC, Azure AD, SAML) and an LDAP
 * bind (Active Directory). The identity-provider and LDAP code is imported only when configured.
 */
export type Finish = (c: Context, draft: ReissueDraft) => Promise<Response>;

/** Which code channels a mechanism needs. */
export const codeChannels: Partial<Record<SecondFactor, OtpChannel[]>> = {
  'email-otp': ['email'],
  'sms-otp': ['sms'],
  'email-and-sms': ['email', 'sms'],
};

export const mechanismNames: Record<SecondFactor, string> = {
  off: 'none',
  'email-otp': 'Email OTP',
  'sms-otp': 'SMS OTP',
  'email-and-sms': 'Email & SMS',
  oidc: 'OIDC',
  'azure-ad': 'Azure Active Directory',
  saml: 'SAML',
  'active-directory': 'Active Directory',
};

const isRedirectLogin = (m: SecondFactor): m is 'oidc' | 'azure-ad' | 'saml' => m === 'oidc' || m === 'azure-ad' || m === 'saml';

/** Why a second factor was refused, where QA looks: an outbox message to the console user (kind console_second_factor_refused). */
export function noteRefusal(ctx: EmulatorContext, draft: ReissueDraft, reason: string): void {
  const order = ctx.store.order(draft.orderId);
  const mechanism = mechanismNames[ctx.config.consoleSecondFactor];
  new Outbox(ctx.core).send({
    accountId: order?.accountId ?? null,
    orderId: order?.id ?? null,
    kind: 'console_second_factor_refused',
    to: consoleUserEmail,
    subject: `Reissue of ${draft.commonName} not confirmed (${mechanism})`,
    body: `The ${mechanism} second factor for the reissue of ${draft.commonName} was refused: ${reason}. Nothing was reissued.`,
  });
}

/** A refusal noted by the built-in identity provider (wrong password), which knows the login only by its state. */
function refusalByState(ctx: EmulatorContext) {
  return (state: string | undefined, reason: string) => {
    const id = state ? peekLogin(ctx, state) : undefined;
    const draft = id ? getDraft(ctx, id) : undefined;
    if (draft) noteRefusal(ctx, draft, reason);
  };
}

/** Where the browser goes to sign in (OIDC, Azure AD, SAML), after remembering what the answer must match. */
async function loginUrl(ctx: EmulatorContext, draft: ReissueDraft, mechanism: 'oidc' | 'azure-ad' | 'saml'): Promise<string> {
  if (mechanism === 'saml') return (await import('./saml.js')).startSaml(ctx, draft, refusalByState(ctx));
  return (await import('./oidc.js')).startOidc(ctx, draft, mechanism, refusalByState(ctx));
}

/** After Reissue was pressed: send the codes, or go to the identity provider, or ask for the directory password. */
export async function beginSecondFactor(ctx: EmulatorContext, c: Context, draft: ReissueDraft): Promise<Response> {
  const mechanism = ctx.config.consoleSecondFactor;
  for (const channel of codeChannels[mechanism] ?? []) sendCode(ctx, draft, channel);
  if (isRedirectLogin(mechanism)) {
    try {
      return c.redirect(await loginUrl(ctx, draft, mechanism), 302);
    } catch (e) {
      const reason = `the identity provider could not be reached (${(e as Error).message})`;
      noteRefusal(ctx, draft, reason);
      return redirectWith(c, `/reissue/${draft.id}/second-factor`, { kind: 'error', text: `Second factor refused: ${reason}.` });
    }
  }
  return c.redirect(`/reissue/${draft.id}/second-factor`, 303);
}

/** A post to the second-factor step: resend codes, check them, start the login again, or bind to the directory. */
export async function secondFactorPost(ctx: EmulatorContext, c: Context, draft: ReissueDraft, form: Record<string, unknown>, finish: Finish, refuse: (text: string) => Response | Promise<Response>): Promise<Response> {
  const mechanism = ctx.config.consoleSecondFactor;
  const channels = codeChannels[mechanism];
  if (channels) {
    if (field(form, 'resend') === 'yes') {
      const sent = channels.map((ch) => sendCode(ctx, draft, ch).to);
      return redirectWith(c, `/reissue/${draft.id}/second-factor`, { kind: 'ok', text: `A new code was sent to ${sent.join(' and ')}.` });
    }
    // Every code is checked before any is used up: a wrong SMS code does not burn a right email code.
    for (const channel of channels) {
      const check = verifyCode(ctx, draft, channel, field(form, channel === 'email' ? 'code' : 'sms_code'));
      if (!check.ok) {
        noteRefusal(ctx, draft, check.reason.replace(/\.$/, ''));
        return refuse(check.reason);
      }
    }
    for (const channel of channels) useCode(ctx, draft, channel);
    return finish(c, draft);
  }
  if (isRedirectLogin(mechanism)) return beginSecondFactor(ctx, c, draft);
  if (mechanism === 'active-directory') {
    const username = field(form, 'username').trim();
    const password = field(form, 'password');
    const outcome: Outcome =
      username && password ? await (await import('./ldap.js')).bindAs(ctx, username, password) : { ok: false, reason: 'give the directory user name and password' };
    if (!outcome.ok) {
      noteRefusal(ctx, draft, outcome.reason);
      return refuse(`Active Directory sign-in refused: ${outcome.reason}.`);
    }
    return finish(c, draft);
  }
  return finish(c, draft);
}

/** The identity providers' answers: the OIDC redirect back, and the SAML assertion consumer service. */
export function secondFactorRoutes(app: ControlApp, ctx: EmulatorContext, finish: Finish): void {
  const settle = async (c: Context, draftId: string | undefined, outcome: () => Promise<Outcome>) => {
    const draft = draftId ? getDraft(ctx, draftId) : undefined;
    if (!draft) return redirectWith(c, '/certificates', { kind: 'error', text: 'That sign-in does not belong to an open reissue request; start again from Issued Certificates.' });
    if (draft.done) return c.redirect(`/reissue/${draft.id}/done`, 303);
    let result: Outcome;
    try {
      result = await outcome();
    } catch (e) {
      result = { ok: false, reason: `the answer of the identity provider could not be checked (${(e as Error).message})` };
    }
    if (!result.ok) {
      noteRefusal(ctx, draft, result.reason);
      return redirectWith(c, `/reissue/${draft.id}/second-factor`, { kind: 'error', text: `Second factor refused: ${result.reason}.` });
    }
    return finish(c, draft);
  };

  app.get('/second-factor/oidc/callback', async (c) => {
    const query = c.req.query();
    const draftId = query.state ? takeLogin(ctx, query.state) : undefined;
    return settle(c, draftId, async () => (await import('./oidc.js')).completeOidc(ctx, getDraft(ctx, draftId!)!, query));
  });

  app.post('/second-factor/saml/acs', async (c) => {
    const form = await c.req.parseBody();
    const relayState = field(form, 'RelayState');
    const draftId = relayState ? takeLogin(ctx, relayState) : undefined;
    return settle(c, draftId, async () => (await import('./saml.js')).completeSaml(ctx, getDraft(ctx, draftId!)!, { SAMLResponse: field(form, 'SAMLResponse'), RelayState: relayState }));
  });

  app.get('/second-factor/saml/metadata', async (c) => {
    if (ctx.config.consoleSecondFactor !== 'saml') return c.text('the saml second factor is not configured', 404);
    return c.body(await (await import('./saml.js')).spMetadata(ctx), 200, { 'content-type': 'application/samlmetadata+xml' });
  });
}
