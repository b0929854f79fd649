import type * as z from 'zod';
import type { EmulatorContext } from '../../../context.js';
import type { Certificate, Order } from '../../../state/model.js';
import type { Field, Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid } from '../errors.js';
import { findTarget } from '../lookup.js';
import { certState, certStates, orderStatusWord, statusFlags, unixSeconds } from '../presenters.js';
import { findSectigoProduct } from '../products.js';
import { getDetailedOrderStatusForm, webHostReportForm } from '../schemas.js';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const yesNo = (b: boolean) => (b ? 'Y' : 'N');

async function detailedOrderStatus(call: SectigoCall<z.infer<typeof getDetailedOrderStatusForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { order, certificate } = await findTarget(ctx, call.account!, form, ['orderNumber', 'certificateID'], { poll: true });
  const queryType = Number(form.queryType ?? 0);
  const state = certState(ctx, order, certificate);
  const fields: Field[] = [
    ['orderNumber', order.publicId],
    ['certificateID', certificate.publicId],
    ['orderStatus', orderStatusWord(order)],
    ['certificateStatus', certStates[state].word],
    ['certificateStatusCode', certStates[state].code],
  ];
  if (form.showValidityPeriod === 'Y' && certificate.notBefore !== null) {
    fields.push(['notBefore', unixSeconds(certificate.notBefore)], ['notAfter', unixSeconds(certificate.notAfter)]);
  }
  if (queryType >= 1) {
    fields.push(
      ['orderDate', unixSeconds(order.createdAt)],
      ['product', order.product],
      ['productName', findSectigoProduct(order.product)?.name ?? order.product],
      ['commonName', certificate.commonName],
      ['domainNames', certificate.dnsNames.join(',')],
      ['dcvMethod', order.dcvMethod],
      ['serialNumber', (certificate.serial ?? '').toUpperCase()],
      ['serverSoftware', str(certificate.meta.serverSoftware ?? order.meta.serverSoftware ?? -1)],
      ['totalCost', str(order.meta.totalCost ?? '0.00')],
      ['test', yesNo(order.test)],
      ...statusFlags(ctx, order, certificate),
    );
  }
  if (queryType === 2) {
    const replacements = ctx.core.certificates(order).filter((c) => c.kind === 'reissue');
    fields.push(['replacementCount', replacements.length]);
    replacements.forEach((c, i) => {
      fields.push(
        [`${i + 1}_certificateID`, c.publicId],
        [`${i + 1}_certificateStatus`, certStates[certState(ctx, order, c)].word],
        [`${i + 1}_requestDate`, unixSeconds(c.requestedAt)],
      );
    });
  }
  return { code: 0, fields };
}

/** SQL LIKE: `%` any run, `_` one character, case-insensitive. */
function like(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

const csv = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

async function certificateFields(ctx: EmulatorContext, order: Order, cert: Certificate, prefix: string, form: z.infer<typeof webHostReportForm>): Promise<Field[]> {
  const state = certState(ctx, order, cert);
  let keySize = '';
  let signatureAlgorithm = '';
  try {
    const csr = await ctx.ca.parseCsr(cert.csr);
    keySize = String(csr.keySize);
    const hash = csr.signatureAlgorithm.replace('-', '');
    signatureAlgorithm = csr.keyType === 'RSA' ? `${hash.toLowerCase()}WithRSAEncryption` : `ecdsa-with-${hash}`;
  } catch {
    // a fixture or stored CSR the parser no longer accepts: leave the fields empty
  }
  const extra = cert.dnsNames.filter((n) => n !== cert.commonName);
  const fields: Field[] = [
    [`${prefix}type`, findSectigoProduct(order.product)?.name ?? order.product],
    [`${prefix}domain`, cert.commonName],
    [`${prefix}mdcDomainNames`, extra.join(',')],
    [`${prefix}status`, certStates[state].word],
    [`${prefix}lastStatusChange`, unixSeconds(cert.updatedAt)],
    [`${prefix}notBefore`, unixSeconds(cert.notBefore)],
    [`${prefix}notAfter`, unixSeconds(cert.notAfter)],
    [`${prefix}serialNumber`, (cert.serial ?? '').toUpperCase()],
    [`${prefix}signatureAlgorithm`, signatureAlgorithm],
    [`${prefix}keySize`, keySize],
    [`${prefix}webServerSoftware`, str(cert.meta.serverSoftware ?? order.meta.serverSoftware ?? -1)],
    [`${prefix}certificateID`, cert.publicId],
  ];
  if (form.showAdditionalDomains === 'Y') fields.splice(2, 0, [`${prefix}additionalDomain`, extra[0] ?? '']);
  if (form.showStatusDetails === 'Y') {
    const flags = new Map(statusFlags(ctx, order, cert));
    for (const key of ['csrStatus', 'dcvStatus', 'ovCallBackStatus', 'organizationValidationStatus']) fields.push([`${prefix}${key}`, flags.get(key)!]);
    fields.push([`${prefix}countryName`, str(order.meta.countryName)]);
    for (const key of ['freeDVUPStatus', 'evClickThroughStatus']) fields.push([`${prefix}${key}`, flags.get(key)!]);
  }
  return fields;
}

async function webHostReport(call: SectigoCall<z.infer<typeof webHostReportForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const account = call.account!;
  const first = Number(form.firstResultNo ?? 1);
  const lastAsked = form.lastResultNo === undefined ? first + 9 : Number(form.lastResultNo);
  if (lastAsked < first) throw invalid('lastResultNo', 'lastResultNo is before firstResultNo');

  const orderNumbers = csv(form.orderNumber);
  const foreign = csv(form.foreignOrderNumber);
  const certIds = csv(form.certificateID);
  const codes = csv(form.certificateStatusCodes)?.map(Number);
  const names = csv(form.certificateStatusNames)?.map((s) => s.toLowerCase());
  const fqdn = form.fqdn ? like(form.fqdn) : undefined;
  const org = form.organizationName ? like(form.organizationName) : undefined;
  const from = form.notBefore === undefined ? -Infinity : Number(form.notBefore) * 1000;
  const to = form.notAfter === undefined ? Infinity : Number(form.notAfter) * 1000 + 999;

  const matches: { order: Order; certs: Certificate[] }[] = [];
  for (const stored of ctx.store.ordersOf(account.id)) {
    if (stored.vendor !== 'sectigo') continue;
    if (stored.createdAt < from || stored.createdAt > to) continue;
    if (orderNumbers && !orderNumbers.includes(stored.publicId)) continue;
    if (foreign && !foreign.includes(str(stored.meta.foreignOrderNumber))) continue;
    if (org && !org.test(str(stored.meta.organizationName))) continue;
    const order = await ctx.core.refresh(stored);
    const certs = ctx.core.certificates(order).filter((c) => c.kind !== 'duplicate');
    if (certIds && !certs.some((c) => certIds.includes(c.publicId))) continue;
    if (fqdn && !certs.some((c) => [c.commonName, ...c.dnsNames].some((n) => fqdn.test(n)))) continue;
    if (codes || names) {
      const states = certs.map((c) => certStates[certState(ctx, order, c)]);
      if (codes && !states.some((s) => codes.includes(s.code))) continue;
      if (names && !states.some((s) => names.includes(s.word.toLowerCase()))) continue;
    }
    matches.push({ order, certs });
  }

  const page = matches.slice(first - 1, lastAsked);
  const fields: Field[] = [['noOfResults', page.length]];
  let n = 0;
  for (const { order, certs } of page) {
    n += 1;
    const m = order.meta;
    const issued = certs.some((c) => c.issuedAt !== null);
    fields.push(
      [`${n}_orderNumber`, order.publicId],
      [`${n}_orderStatus`, orderStatusWord(order)],
      [`${n}_dateTime`, unixSeconds(order.createdAt)],
      [`${n}_organizationName`, str(m.organizationName)],
      [`${n}_organizationalUnitName`, str(m.organizationalUnitName)],
      [`${n}_postOfficeBox`, ''],
      [`${n}_streetAddress1`, ''],
      [`${n}_streetAddress2`, ''],
      [`${n}_streetAddress3`, ''],
      [`${n}_localityName`, ''],
      [`${n}_stateOrProvinceName`, ''],
      [`${n}_postalCode`, ''],
      [`${n}_countryName`, str(m.countryName)],
      [`${n}_validationStatus`, issued ? 'Validated' : 'Not Validated'],
    );
    let k = 0;
    for (const cert of certs) {
      k += 1;
      fields.push(...(await certificateFields(ctx, order, cert, `${n}_${k}_`, form)));
    }
  }
  return { code: 0, fields };
}

export const reportEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'GetDetailedOrderStatus',
    summary: 'Status of an order (queryType 1 adds details, 2 the replacement certificates).',
    form: getDetailedOrderStatusForm,
    handle: detailedOrderStatus,
  }),
  defineEndpoint({ name: 'WebHostReport', summary: 'Report of the account’s orders, filtered and paged (n_ and n_m_ fields).', form: webHostReportForm, handle: webHostReport }),
];
