import type * as z from 'zod';
import type { CsrInfo } from '../../../ca/csr.js';
import type { EmulatorContext } from '../../../context.js';
import { CoreError } from '../../../state/errors.js';
import type { Account, Certificate, Json } from '../../../state/model.js';
import { isDnsName, registrableDomain, uniqueNames } from '../../domain-names.js';
import type { Field, Reply } from '../codec.js';
import { checkCommonName, checkCsrSubject, isUnicodeName, parseSectigoCsr } from '../csr-rules.js';
import { sendPendingDcvEmails } from '../dcv-email.js';
import { sectigoValidations, type SectigoDcvMethod } from '../dcv.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid, missing, SectigoFailure } from '../errors.js';
import { newCertificateId, newOrderNumber } from '../ids.js';
import { sectigoInferred } from '../inferred.js';
import { findOrder } from '../lookup.js';
import { certState, certStates } from '../presenters.js';
import { findSectigoProduct, money, priceOf, type SectigoProduct } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

const list = (v: string | undefined): string[] => (v ? v.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean) : []);

/**
 * The names on the certificate. Single-domain products get the www / bare twin for free (and a
 * wildcard its base domain), as Sectigo does; multi-domain ones exactly CN + domainNames.
 */
function certificateNames(cn: string, product: SectigoProduct, domainNames: string[]): string[] {
  if (product.multiDomain) return uniqueNames([cn, ...domainNames]);
  if (product.intranet) return [cn];
  if (cn.startsWith('*.')) return [cn, cn.slice(2)];
  if (cn.startsWith('www.')) return [cn, cn.slice(4)];
  if (registrableDomain(cn) === cn) return [cn, `www.${cn}`];
  return [cn];
}

interface DcvFields {
  dcvMethod?: string;
  dcvEmailAddress?: string;
  dcvEmailAddresses?: string;
  uniqueValue?: string;
}

function dcvRequest(ctx: EmulatorContext, form: DcvFields, defaultMethod: SectigoDcvMethod) {
  const method = (form.dcvMethod ?? defaultMethod) as SectigoDcvMethod;
  const emails = form.dcvEmailAddresses ? list(form.dcvEmailAddresses) : form.dcvEmailAddress ? [form.dcvEmailAddress] : [];
  const emailField = form.dcvEmailAddresses ? 'dcvEmailAddresses' : 'dcvEmailAddress';
  const uniqueValue = method === 'EMAIL' ? form.uniqueValue : (form.uniqueValue ?? ctx.rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', sectigoInferred.uniqueValueLength));
  return { method, emails, emailField, uniqueValue };
}

/** CSR checks plus the product's common-name rules; returns the lower-cased CN. */
async function checkedCsr(ctx: EmulatorContext, text: string, product: SectigoProduct): Promise<{ csr: CsrInfo; cn: string }> {
  const csr = await parseSectigoCsr(ctx, text);
  const cn = checkCsrSubject(ctx, csr);
  checkCommonName(cn, product);
  return { csr, cn };
}

function domainNamesOf(form: { domainNames?: string }, product: SectigoProduct): string[] {
  const names = list(form.domainNames).map((n) => n.toLowerCase().replace(/\.$/, ''));
  if (names.length && !product.multiDomain) throw invalid('domainNames', `${product.name} is not a multi-domain product`);
  const unicode = names.find(isUnicodeName);
  if (unicode) throw new SectigoFailure(sectigoInferred.unicodeNameCode, 'domainNames', `'${unicode}' is a Unicode name (send its punycode form)`);
  const bad = names.find((n) => !isDnsName(n, { wildcard: true }));
  if (bad) throw invalid('domainNames', `'${bad}' is not a valid domain name`);
  if (names.length > 250) throw invalid('domainNames', 'more than 250 names');
  return names;
}

/** Term in days (days preferred, years legacy); outside the product's range there is no price. */
function termDays(form: { days?: string; years?: string }, product: SectigoProduct, endpoint: string): number {
  if (form.days === undefined && form.years === undefined) throw missing('days');
  const days = form.days !== undefined ? Number(form.days) : Number(form.years) * 365;
  if (days < product.minDays || days > product.maxDays) {
    if (endpoint === 'AutoApplyOrder') throw new SectigoFailure(-115, undefined, `no price for ${days} days of ${product.name}`);
    throw invalid(form.days !== undefined ? 'days' : 'years', `${product.name} is sold for ${product.minDays}..${product.maxDays} days`);
  }
  return days;
}

/** Credit check: debit a prepaid account, or place the order unpaid (errorCode 1) when the account allows it. */
function charge(ctx: EmulatorContext, account: Account, cost: number, test: boolean): { paid: boolean } {
  const credit = typeof account.profile.credit === 'number' ? account.profile.credit : sectigoInferred.unlimitedCredit;
  if (test || cost <= credit) {
    if (!test && Number.isFinite(credit)) ctx.store.update('accounts', account.id, { profile: { ...account.profile, credit: Math.round((credit - cost) * 100) / 100 } });
    return { paid: true };
  }
  if (account.profile.allowUnpaidOrders === true) return { paid: false };
  throw new SectigoFailure(-15, undefined, `the order costs ${money(cost)} and the account has ${money(credit)} left`);
}

type ApplyForm = z.infer<typeof SchemaTypes.autoApplySslForm>;

async function apply(call: SectigoCall<ApplyForm>): Promise<Reply> {
  const { ctx, form, endpoint } = call;
  const account = call.account!;
  const product = findSectigoProduct(form.product);
  if (!product) throw invalid('product', `unknown product code ${form.product}`);
  const days = termDays(form, product, endpoint);
  const { csr, cn } = await checkedCsr(ctx, form.csr, product);
  const domainNames = domainNamesOf(form, product);
  const names = certificateNames(cn, product, domainNames);
  if (endpoint === 'AutoApplyOrder' && product.multiDomain) {
    const stray = csr.dnsNames.find((n) => !names.includes(n.toLowerCase()));
    if (stray) throw new SectigoFailure(-162, undefined, `${stray} is in the CSR but not in domainNames`);
  }
  const dcv = dcvRequest(ctx, form, 'EMAIL');
  const test = form.test === 'Y';
  const validations = sectigoValidations(ctx.rng, csr, names, dcv);
  const cost = test ? 0 : priceOf(product, days);
  const { paid } = charge(ctx, account, cost, test);

  const certificateID = newCertificateId(ctx, account.id);
  const meta: Json = {
    product: product.code,
    endpoint,
    days,
    serverSoftware: Number(form.serverSoftware),
    serverCount: form.serverCount === undefined ? 1 : Number(form.serverCount),
    totalCost: money(cost),
    paid,
    uniqueValue: dcv.uniqueValue ?? null,
    foreignOrderNumber: form.foreignOrderNumber ?? null,
    organizationName: form.organizationName ?? null,
    organizationalUnitName: form.organizationalUnitName ?? null,
    countryName: form.countryName ?? null,
    isCustomerValidated: form.isCustomerValidated ?? null,
  };
  const order = await ctx.core.createOrder({
    accountId: account.id,
    vendor: 'sectigo',
    publicId: newOrderNumber(ctx),
    certificatePublicId: certificateID,
    product: String(product.code),
    level: product.level,
    commonName: cn,
    dnsNames: names,
    validityDays: Math.min(days, sectigoInferred.maxCertificateDays(ctx.clock.now())),
    contractDays: days,
    dcvMethod: dcv.method,
    csr,
    state: paid ? 'open' : 'staged',
    test,
    subject: {
      organization: form.organizationName ?? csr.subject.O,
      organizationalUnit: form.organizationalUnitName ?? csr.subject.OU,
      locality: form.localityName ?? csr.subject.L,
      state: form.stateOrProvinceName ?? csr.subject.ST,
      country: (form.countryName ?? csr.subject.C)?.toUpperCase(),
    },
    meta,
    certificateMeta: { serverSoftware: Number(form.serverSoftware) },
    validations,
    cause: test ? 'ordered (test=Y)' : paid ? 'ordered' : 'ordered (payment required)',
  });

  const current = ctx.core.current(order);
  sendPendingDcvEmails(ctx, order, ctx.store.validationsOf(current.id));
  const state = certStates[certState(ctx, order, current)].word;
  const fields: Field[] = [
    ['orderNumber', order.publicId],
    ['totalCost', money(cost)],
    ['expectedDeliveryTime', sectigoInferred.expectedDeliveryTime],
  ];
  const lines = [order.publicId, money(cost), sectigoInferred.expectedDeliveryTime];
  if (form.showCertificateID === 'Y') {
    fields.push(['certificateID', certificateID]);
    lines.push(certificateID);
  }
  if (form.showCertificateState === 'Y') {
    fields.push(['certificateState', state]);
    lines.push(state);
  }
  if (dcv.uniqueValue) {
    fields.push(['uniqueValue', dcv.uniqueValue]);
    lines.push(dcv.uniqueValue);
  }
  return { code: paid ? 0 : 1, fields, lines };
}

async function replace(call: SectigoCall<z.infer<typeof SchemaTypes.autoReplaceSslForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const account = call.account!;
  const order = await ctx.core.refresh(findOrder(ctx, account, form.orderNumber));
  const product = findSectigoProduct(order.product) ?? findSectigoProduct(287)!;
  const current = ctx.core.current(order);
  const state = certState(ctx, order, current);
  if (state === 'expired') throw new SectigoFailure(-36, undefined, 'the certificate has expired');
  if (state === 'awaiting_validation' || state === 'being_issued' || state === 'awaiting_payment') {
    throw new SectigoFailure(-26, undefined, `the certificate is ${certStates[state].word}`);
  }
  if (order.state !== 'open' || state === 'rejected') throw invalid('orderNumber', `the order is ${order.state} and its certificate ${state}`);

  const { csr, cn } = await checkedCsr(ctx, form.csr, product);
  const domainNames = form.domainNames ? domainNamesOf(form, product) : product.multiDomain ? order.dnsNames.filter((n) => n !== order.commonName) : [];
  const names = certificateNames(cn, product, domainNames);
  const dcv = dcvRequest(ctx, form, (order.dcvMethod as SectigoDcvMethod) ?? 'EMAIL');
  const validations = sectigoValidations(ctx.rng, csr, names, dcv);
  if (form.test === 'Y') {
    return { code: 0, fields: [['certificateID', ''], ['expectedDeliveryTime', sectigoInferred.expectedDeliveryTime]] };
  }
  const certificateID = newCertificateId(ctx, account.id);
  let added: Certificate;
  try {
    added = await ctx.core.addReissue(
      order,
      {
        publicId: certificateID,
        kind: 'reissue',
        csr,
        commonName: cn,
        dnsNames: names,
        meta: { serverSoftware: form.serverSoftware === undefined ? (order.meta.serverSoftware ?? -1) : Number(form.serverSoftware) },
        validations,
        cause: 'AutoReplaceSSL',
      },
      ['issued', 'replaced', 'revoked'],
    );
  } catch (e) {
    if (e instanceof CoreError) throw new SectigoFailure(-26, undefined, e.message);
    throw e;
  }
  ctx.store.update('orders', order.id, { dcvMethod: dcv.method, meta: { ...order.meta, uniqueValue: dcv.uniqueValue ?? order.meta.uniqueValue ?? null } });
  sendPendingDcvEmails(ctx, order, ctx.store.validationsOf(added.id));
  const fields: Field[] = [
    ['certificateID', certificateID],
    ['expectedDeliveryTime', sectigoInferred.expectedDeliveryTime],
  ];
  if (dcv.uniqueValue) fields.push(['uniqueValue', dcv.uniqueValue]);
  return { code: 0, fields };
}

export const applyEndpoints: SectigoEndpoint[] = [
  defineEndpoint({ name: 'AutoApplySSL', summary: 'Place an SSL order (classic).', form: () => sectigoSchemas().autoApplySslForm, handle: apply }),
  defineEndpoint({
    name: 'AutoApplyOrder',
    summary: 'Place an order (superset of AutoApplySSL).',
    form: () => sectigoSchemas().autoApplyOrderForm,
    handle: (call) => apply(call as SectigoCall<ApplyForm>),
  }),
  defineEndpoint({ name: 'AutoReplaceSSL', summary: 'Replace (reissue) the certificate of an order with a new CSR.', form: () => sectigoSchemas().autoReplaceSslForm, handle: replace }),
];

