import type * as z from 'zod';
import type { EmulatorContext } from '../../../context.js';
import type { Certificate, Order } from '../../../state/model.js';
import type { Field, Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid } from '../errors.js';
import { sectigoInferred } from '../inferred.js';
import { findTarget } from '../lookup.js';
import type { CertificateStateFilter, OrderSearch } from '../../../state/order-search.js';
import { caaStatusWord } from '../caa.js';
import { certState, certStateFilters, certStates, orderStatusWord, statusFlags, unixSeconds, type SectigoCertState } from '../presenters.js';
import { findSectigoProduct } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const yesNo = (b: boolean) => (b ? 'Y' : 'N');

async function detailedOrderStatus(call: SectigoCall<z.infer<typeof SchemaTypes.getDetailedOrderStatusForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const { order, certificate } = await findTarget(ctx, call.account!, form, ['orderNumber', 'certificateID'], { poll: true });
  const queryType = Number(form.queryType ?? 0);
  const state = certState(ctx, order, certificate);
  const fields: Field[] = [
    ['orderNumber', order.publicId],
    ['certificateID', certificate.publicId],
    ['orderStatus', orderStatusWord(order)],
    ['certificateStatus', caaStatusWord(certificate) ?? certStates[state].word],
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
        [`${i + 1}_certificateStatus`, caaStatusWord(c) ?? certStates[certState(ctx, order, c)].word],
        [`${i + 1}_requestDate`, unixSeconds(c.requestedAt)],
      );
    });
  }
  return { code: 0, fields };
}

const csv = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/** The certificate states a list of status codes or names asks for (unknown ones match nothing). */
function requestedStates(codes: number[] | undefined, names: string[] | undefined): CertificateStateFilter[] | undefined {
  if (!codes && !names) return undefined;
  const states = (Object.keys(certStates) as SectigoCertState[]).filter((state) => {
    const { code, word } = certStates[state];
    return (!codes || codes.includes(code)) && (!names || names.includes(word.toLowerCase()));
  });
  return states.map((state) => certStateFilters[state]);
}

/** Key size and signature algorithm of a CSR, parsed once per CSR text (a report page repeats them). */
const keyFactsOf = new Map<string, { keySize: string; signatureAlgorithm: string }>();

async function keyFacts(ctx: EmulatorContext, csrText: string): Promise<{ keySize: string; signatureAlgorithm: string }> {
  const hit = keyFactsOf.get(csrText);
  if (hit) return hit;
  let facts = { keySize: '', signatureAlgorithm: '' };
  try {
    const csr = await ctx.ca.parseCsr(csrText);
    const hash = csr.signatureAlgorithm.replace('-', '');
    facts = { keySize: String(csr.keySize), signatureAlgorithm: csr.keyType === 'RSA' ? `${hash.toLowerCase()}WithRSAEncryption` : `ecdsa-with-${hash}` };
  } catch {
    // a fixture or stored CSR the parser no longer accepts: leave the fields empty
  }
  if (keyFactsOf.size >= 1024) keyFactsOf.delete(keyFactsOf.keys().next().value!);
  keyFactsOf.set(csrText, facts);
  return facts;
}

async function certificateFields(ctx: EmulatorContext, order: Order, cert: Certificate, prefix: string, form: z.infer<typeof SchemaTypes.webHostReportForm>): Promise<Field[]> {
  const state = certState(ctx, order, cert);
  const { keySize, signatureAlgorithm } = await keyFacts(ctx, cert.csr);
  const extra = cert.dnsNames.filter((n) => n !== cert.commonName);
  const fields: Field[] = [
    [`${prefix}type`, findSectigoProduct(order.product)?.name ?? order.product],
    [`${prefix}domain`, cert.commonName],
    [`${prefix}mdcDomainNames`, extra.join(',')],
    [`${prefix}status`, caaStatusWord(cert) ?? certStates[state].word],
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

async function webHostReport(call: SectigoCall<z.infer<typeof SchemaTypes.webHostReportForm>>): Promise<Reply> {
  const { ctx, form } = call;
  const account = call.account!;
  const first = Number(form.firstResultNo ?? 1);
  const lastAsked = form.lastResultNo === undefined ? first + sectigoInferred.reportPageSize - 1 : Number(form.lastResultNo);
  if (lastAsked < first) throw invalid('lastResultNo', 'lastResultNo is before firstResultNo');

  const foreign = csv(form.foreignOrderNumber);
  const search: OrderSearch = {
    // Paging is firstResultNo..lastResultNo (1-based, inclusive).
    offset: first - 1,
    limit: Math.min(lastAsked - first + 1, sectigoInferred.reportMaxPageSize),
    ids: csv(form.orderNumber),
    createdFrom: form.notBefore === undefined ? undefined : Number(form.notBefore) * 1000,
    createdUntil: form.notAfter === undefined ? undefined : Number(form.notAfter) * 1000 + 999,
    metaIn: foreign ? [{ key: 'foreignOrderNumber', values: foreign }] : undefined,
    metaLike: form.organizationName ? [{ key: 'organizationName', pattern: form.organizationName }] : undefined,
    certificateNameLike: form.fqdn,
    certificateIds: csv(form.certificateID),
    certificateStates: requestedStates(csv(form.certificateStatusCodes)?.map(Number), csv(form.certificateStatusNames)?.map((s) => s.toLowerCase())),
  };
  const page: { order: Order; certs: Certificate[] }[] = [];
  for (const stored of ctx.store.searchOrders(account.id, 'sectigo', search)) {
    const order = await ctx.core.refresh(stored);
    page.push({ order, certs: ctx.core.certificates(order).filter((c) => c.kind !== 'duplicate') });
  }

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
    form: () => sectigoSchemas().getDetailedOrderStatusForm,
    handle: detailedOrderStatus,
  }),
  defineEndpoint({ name: 'WebHostReport', summary: 'Report of the account’s orders, filtered and paged (n_ and n_m_ fields).', form: () => sectigoSchemas().webHostReportForm, handle: webHostReport }),
];
