import { isIP } from 'node:net';
import type * as z from 'zod';
import type { EmulatorContext } from '../../../context.js';
import type { Order, Validation } from '../../../state/model.js';
import { isDnsName, validationDomain } from '../../domain-names.js';
import type { Field, Reply } from '../codec.js';
import { isPublicIp, isUnicodeName } from '../csr-rules.js';
import { sectigoInferred } from '../inferred.js';
import { csrHashProof, dcvEmailLists, isDcvEmailFor, sectigoDcvMethods, type SectigoDcvMethod } from '../dcv.js';
import { sendSectigoDcvEmail } from '../dcv-email.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid, missing, SectigoFailure } from '../errors.js';
import { findTarget } from '../lookup.js';
import { dcvStatusWord } from '../presenters.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

async function emailAddressList(call: SectigoCall<z.infer<typeof SchemaTypes.getDcvEmailAddressListForm>>): Promise<Reply> {
  const name = call.form.domainName.trim().toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  if (isUnicodeName(name)) throw new SectigoFailure(sectigoInferred.unicodeNameCode, 'domainName', `${name} is a Unicode name (send its punycode form)`);
  if (isIP(name)) throw new SectigoFailure(isPublicIp(name) ? -19 : -37, 'domainName');
  if (/^[a-z0-9-]+$/.test(name)) throw new SectigoFailure(-37, 'domainName', `${name} is a server name`);
  if (!isDnsName(name)) throw invalid('domainName', `${name} is not a domain name`);
  const { domain, level2, level3 } = dcvEmailLists(name);
  const fields: Field[] = [['domain_name', domain], ['whois_email', 'none']];
  for (const e of level2) fields.push(['level2_email', e]);
  for (const e of level3) fields.push(['level3_email', e]);
  return { code: 0, fields };
}

/** The validation of the order's current certificate that covers a domain (`www.` twins are folded into their base). */
function validationFor(validations: Validation[], domainName: string): Validation | undefined {
  const d = validationDomain(domainName);
  return validations.find((v) => v.domain === d) ?? validations.find((v) => d.startsWith('www.') && v.domain === d.slice(4));
}

async function resendDcvEmail(call: SectigoCall<z.infer<typeof SchemaTypes.resendDcvEmailForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { order, certificate, by } = await findTarget(ctx, call.account!, form, ['orderNumber', 'baseOrderNumber']);
  const pending = ctx.core.validations(certificate).filter((v) => v.status === 'pending' && v.method === 'EMAIL');
  if (certificate.status !== 'pending' || pending.length === 0) throw invalid(by, 'no email validation of this order is pending');
  for (const v of pending) {
    let to = v.emails[0];
    if (form.dcvEmailAddress !== undefined) {
      const email = form.dcvEmailAddress.trim().toLowerCase();
      if (!isDcvEmailFor(v.domain, email)) {
        if (pending.length === 1) throw invalid('dcvEmailAddress', `${email} is not an approver address of ${v.domain}`);
        continue;
      }
      ctx.store.update('validations', v.id, { emails: [email] });
      to = email;
    }
    if (to) sendSectigoDcvEmail(ctx, order, v, to);
  }
  return { code: 0 };
}

const words = (v: string | undefined) => (v ? v.split(/[\s,]+/).filter(Boolean) : []);

async function autoUpdateDcv(call: SectigoCall<z.infer<typeof SchemaTypes.autoUpdateDcvForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { order, certificate } = await findTarget(ctx, call.account!, form, ['orderNumber', 'baseOrderNumber']);
  const validations = ctx.core.validations(certificate);
  const changes: { domain: string; method: SectigoDcvMethod; email?: string; emailField: string }[] = [];
  if (form.domainNames) {
    const domains = words(form.domainNames);
    const methods = words(form.newMethods);
    const emails = words(form.newDCVEmailAddresses);
    if (methods.length === 0) throw missing('newMethods');
    if (methods.length !== 1 && methods.length !== domains.length) throw invalid('newMethods', 'one method per domain');
    const bad = methods.find((m) => !(sectigoDcvMethods as readonly string[]).includes(m));
    if (bad) throw invalid('newMethods', `${bad} is not a DCV method`);
    let e = 0;
    domains.forEach((domain, i) => {
      const method = (methods.length === 1 ? methods[0] : methods[i]) as SectigoDcvMethod;
      changes.push({ domain, method, email: method === 'EMAIL' ? emails[e++] : undefined, emailField: 'newDCVEmailAddresses' });
    });
  } else {
    if (!form.newMethod) throw missing('newMethod');
    const domain = form.domainName ?? (validations.length === 1 ? validations[0].domain : undefined);
    if (!domain) throw missing('domainName');
    changes.push({ domain, method: form.newMethod, email: form.newDCVEmailAddress, emailField: 'newDCVEmailAddress' });
  }

  const updates: { v: Validation; patch: Record<string, unknown> }[] = [];
  for (const change of changes) {
    const v = validationFor(validations, change.domain);
    if (!v) throw invalid(form.domainNames ? 'domainNames' : 'domainName', `${change.domain} is not a domain of order ${order.publicId}`);
    if (change.method === 'EMAIL') {
      if (!change.email) throw missing(change.emailField);
      if (!isDcvEmailFor(v.domain, change.email)) throw invalid(change.emailField, `${change.email} is not an approver address of ${v.domain}`);
    }
    if (v.status !== 'pending') continue;
    const uniqueValue = typeof order.meta.uniqueValue === 'string' ? order.meta.uniqueValue : undefined;
    const proof = change.method === 'EMAIL' ? { type: 'email' as const } : csrHashProof({ pem: certificate.csr }, v.domain, change.method, uniqueValue);
    updates.push({ v, patch: { method: change.method, proof, emails: change.email ? [change.email.toLowerCase()] : [] } });
  }
  ctx.store.transaction(() => {
    for (const { v, patch } of updates) ctx.store.update('validations', v.id, patch);
    if (changes.length === 1 && validations.length === 1) ctx.store.update('orders', order.id, { dcvMethod: changes[0].method });
  });
  for (const { v, patch } of updates) {
    if (patch.method === 'EMAIL') sendSectigoDcvEmail(ctx, order, v, (patch.emails as string[])[0]);
    ctx.core.event(order.id, certificate.id, 'validation', v.method, String(patch.method), `AutoUpdateDCV: ${v.domain}`);
  }
  return { code: 0 };
}

async function mdcDomainDetails(call: SectigoCall<z.infer<typeof SchemaTypes.getMdcDomainDetailsForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { certificate } = await findTarget(ctx, call.account!, form, ['orderNumber']);
  const fields: Field[] = [];
  ctx.core.validations(certificate).forEach((v, i) => {
    const n = i + 1;
    fields.push([`${n}_domainName`, v.domain], [`${n}_dcvMethod`, v.method], [`${n}_dcvStatus`, dcvStatusWord(v)]);
    if (form.showStatusDetails === 'Y') {
      const detail = v.proof.type === 'dns' ? `${v.proof.name} CNAME ${v.proof.value}` : v.proof.type === 'http' ? v.proof.url : v.emails.join(' ');
      fields.push([`${n}_dcvDetails`, detail]);
      if (v.validatedAt !== null) fields.push([`${n}_validatedAt`, String(Math.floor(v.validatedAt / 1000))]);
    }
  });
  return { code: 0, fields };
}

export const dcvEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'GetDCVEmailAddressList',
    summary: 'The approver addresses accepted for email DCV of a domain.',
    form: () => sectigoSchemas().getDcvEmailAddressListForm,
    handle: emailAddressList,
  }),
  defineEndpoint({ name: 'ResendDCVEmail', summary: 'Send the DCV email again (optionally to another approver address).', form: () => sectigoSchemas().resendDcvEmailForm, handle: resendDcvEmail }),
  defineEndpoint({ name: 'AutoUpdateDCV', summary: 'Change the DCV method of one or more domains of an order.', form: () => sectigoSchemas().autoUpdateDcvForm, handle: autoUpdateDcv }),
  defineEndpoint({ name: 'GetMDCDomainDetails', summary: 'DCV method and status per domain of an order.', form: () => sectigoSchemas().getMdcDomainDetailsForm, handle: mdcDomainDetails }),
];
