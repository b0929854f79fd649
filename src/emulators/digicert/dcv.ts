import type { EmulatorContext } from '../../context.js';
import type { NewValidation } from '../../state/core.js';
import type { Order, Validation, ValidationProof } from '../../state/model.js';
import { Outbox } from '../../state/outbox.js';
import { constructedEmails, uniqueNames, validationDomain } from '../domain-names.js';
import { digicertInferred } from './inferred.js';
import type { DcvMethod } from './schemas.js';

export type BaseDcvMethod = 'email' | 'dns-txt-token' | 'dns-cname-token' | 'http-token';

const dayMs = 86_400_000;
const tokenAlphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

export const baseMethod = (m: string): BaseDcvMethod => m.replace(/-dynamic$/, '') as BaseDcvMethod;
export const isTokenMethod = (m: string): boolean => baseMethod(m) !== 'email';

export interface RandomValue {
  value: string;
  expires: number;
}

/** The order's DCV random value (one per order, shared by its domains); a new one once it expired. */
export function randomValueOf(ctx: EmulatorContext, order: Order, renew = false): RandomValue {
  const current = order.meta.dcv as RandomValue | undefined;
  if (current && !renew && current.expires > ctx.clock.nowMs()) return current;
  const next = { value: ctx.rng.string(tokenAlphabet, 32), expires: ctx.clock.nowMs() + digicertInferred.randomValueDays * dayMs };
  ctx.store.update('orders', order.id, { meta: { ...order.meta, dcv: next } });
  order.meta = { ...order.meta, dcv: next };
  return next;
}

export function freshRandomValue(ctx: EmulatorContext): RandomValue {
  return { value: ctx.rng.string(tokenAlphabet, 32), expires: ctx.clock.nowMs() + digicertInferred.randomValueDays * dayMs };
}

export function proofFor(method: string, domain: string, token: string): ValidationProof {
  switch (baseMethod(method)) {
    case 'email':
      return { type: 'email' };
    case 'dns-txt-token':
      return { type: 'dns', rrtype: 'TXT', name: `_dnsauth.${domain}.`, value: token };
    case 'dns-cname-token': {
      const r = digicertInferred.cnameRecord(domain, token);
      return { type: 'dns', rrtype: 'CNAME', name: r.name, value: r.value };
    }
    case 'http-token':
      return { type: 'http', url: digicertInferred.httpTokenUrl(domain), content: token };
  }
}

/** Approver addresses for a domain: the ones the order named for it, else the constructed ones of its base domain. */
export function approverEmails(domain: string, dcvEmails: { dns_name: string; email: string }[] = []): string[] {
  const chosen = dcvEmails.filter((e) => validationDomain(e.dns_name) === domain).map((e) => e.email.toLowerCase());
  return chosen.length ? uniqueNames(chosen) : constructedEmails(domain);
}

/** One validation per distinct domain of the names. Email validations get their own token (the one in the approval link). */
export function buildValidations(
  ctx: EmulatorContext,
  names: string[],
  method: DcvMethod | string,
  random: RandomValue,
  dcvEmails: { dns_name: string; email: string }[] = [],
): NewValidation[] {
  return uniqueNames(names.map(validationDomain)).map((domain) => {
    if (baseMethod(method) === 'email') {
      return { domain, method, token: ctx.rng.hex(16), proof: { type: 'email' as const }, emails: approverEmails(domain, dcvEmails) };
    }
    return { domain, method, token: random.value, tokenExpires: random.expires, proof: proofFor(method, domain, random.value) };
  });
}

/** Switches pending validations to another method (new tokens, proofs and approvers). */
export function changeMethod(ctx: EmulatorContext, order: Order, validations: Validation[], method: DcvMethod): void {
  const random = isTokenMethod(method) ? randomValueOf(ctx, order) : undefined;
  ctx.store.transaction(() => {
    for (const v of validations) {
      if (random) {
        ctx.store.update('validations', v.id, { method, token: random.value, tokenExpires: random.expires, proof: proofFor(method, v.domain, random.value), emails: [] });
      } else {
        ctx.store.update('validations', v.id, { method, token: ctx.rng.hex(16), tokenExpires: null, proof: { type: 'email' }, emails: approverEmails(v.domain) });
      }
    }
    ctx.store.update('orders', order.id, { dcvMethod: method, updatedAt: ctx.clock.nowMs() });
  });
}

export const approvalLink = (ctx: EmulatorContext, token: string): string => `${ctx.urls.control}/api/outbox/${token}/approve`;

/** "Sends" the DCV email of each pending email validation to its approvers (or to `to`, per domain). */
export function sendDcvEmails(ctx: EmulatorContext, order: Order, validations: Validation[], to?: Map<string, string[]>): number {
  const outbox = new Outbox(ctx.core);
  let sent = 0;
  for (const v of validations) {
    if (v.status !== 'pending' || baseMethod(v.method) !== 'email') continue;
    const recipients = to ? (to.get(v.domain) ?? []) : v.emails;
    const link = approvalLink(ctx, v.token);
    for (const address of recipients) {
      outbox.send({
        accountId: order.accountId,
        orderId: order.id,
        kind: 'dcv',
        to: address,
        subject: `DigiCert domain control validation for ${v.domain} (order #${order.publicId})`,
        body: [
          `A TLS/SSL certificate was requested for ${v.domain} (order #${order.publicId}, ${order.product}).`,
          `To confirm that you control ${v.domain} and approve the certificate, open this link:`,
          link,
          'If you did not expect this email, ignore it.',
        ].join('\n\n'),
        link,
        token: v.token,
      });
      sent += 1;
    }
  }
  return sent;
}

/** Does the emulated DNS hold the record of a token validation (TXT also at the domain itself)? */
export function dnsProves(ctx: EmulatorContext, v: Validation): boolean {
  if (v.proof.type !== 'dns') return false;
  if (v.tokenExpires !== null && v.tokenExpires < ctx.clock.nowMs()) return false;
  if (ctx.core.dns.proves(v.proof)) return true;
  if (v.proof.rrtype !== 'TXT') return false;
  return digicertInferred.txtRecordNames(v.domain).some((name) => ctx.core.dns.lookup(name, 'TXT').some((r) => r.data.trim().replace(/^"|"$/g, '') === v.token));
}

/** Validates every pending DNS-token validation that the emulated DNS proves; returns the refreshed order. */
export async function checkDnsTokens(ctx: EmulatorContext, order: Order, filter: (v: Validation) => boolean = () => true): Promise<Order> {
  const proven = ctx.store.validationsOfOrder(order.id).filter((v) => v.status === 'pending' && filter(v) && dnsProves(ctx, v));
  if (proven.length === 0) return ctx.core.refresh(order);
  const ids = new Set(proven.map((v) => v.id));
  return ctx.core.approveValidations(order, 'dns record found', (v) => ids.has(v.id));
}
