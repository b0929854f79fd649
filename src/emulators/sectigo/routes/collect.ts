import type * as z from 'zod';
import type { EmulatorContext } from '../../../context.js';
import type { Certificate, Order } from '../../../state/model.js';
import { netscapeSequence, pemToDer, pkcs7 } from '../../../ca/bundles.js';
import { bundleBaseName, zipBundle } from '../bundle.js';
import type { Field, Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid, SectigoFailure } from '../errors.js';
import { sectigoInferred } from '../inferred.js';
import { findTarget } from '../lookup.js';
import { certState, certStates, dcvStatusWord, statusFlags, unixSeconds } from '../presenters.js';
import { collectSslForm } from '../schemas.js';

type CollectForm = z.infer<typeof collectSslForm>;

/** `domain|method|status` per domain, comma-separated; mdcDomainDetails2 adds the approver address or record. */
function mdcDetails(ctx: EmulatorContext, cert: Certificate, detailed: boolean): string {
  return ctx.store
    .validationsOf(cert.id)
    .map((v) => {
      const parts = [v.domain, v.method, dcvStatusWord(v)];
      if (detailed) parts.push(v.proof.type === 'dns' ? `${v.proof.name} CNAME ${v.proof.value}` : v.proof.type === 'http' ? v.proof.url : v.emails.join(' '));
      return parts.join('|');
    })
    .join(',');
}

function statusFields(ctx: EmulatorContext, order: Order, cert: Certificate, form: CollectForm): Field[] {
  const state = certState(ctx, order, cert);
  const fields: Field[] = [];
  if (form.showCertificateID === 'Y') fields.push(['certificateID', cert.publicId]);
  if (form.showStatusDetails === 'Y') fields.push(['certificateStatus', certStates[state].word]);
  if (form.showValidityPeriod === 'Y' && cert.notBefore !== null) fields.push(['notBefore', unixSeconds(cert.notBefore)], ['notAfter', unixSeconds(cert.notAfter)]);
  if (form.showFQDN === 'Y') fields.push(['fqdn', cert.commonName]);
  if (form.showExtStatus === 'Y') fields.push(...statusFlags(ctx, order, cert));
  if (form.showMDCDomainDetails === 'Y') fields.push(['mdcDomainDetails', mdcDetails(ctx, cert, false)]);
  if (form.showMDCDomainDetails2 === 'Y') fields.push(['mdcDomainDetails2', mdcDetails(ctx, cert, true)]);
  return fields;
}

async function collect(call: SectigoCall<CollectForm>): Promise<Reply | Response> {
  const { ctx, form, c } = call;
  const queryType = Number(form.queryType);
  const responseType = form.responseType === undefined ? sectigoInferred.defaultCollectResponseType : Number(form.responseType);
  const encoding = Number(form.responseEncoding ?? 0);
  if (queryType !== 1 && responseType !== 3) throw invalid('responseType', 'responseType 0-2 need queryType=1');
  if (encoding === 1 && !(queryType === 1 && (responseType === 0 || responseType === 2))) {
    throw invalid('responseEncoding', 'binary needs queryType=1 and responseType 0 or 2');
  }

  const { order, certificate: cert } = await findTarget(ctx, call.account!, form, ['orderNumber', 'certificateID', 'baseOrderNumber'], { poll: true });
  const state = certState(ctx, order, cert);
  switch (state) {
    case 'awaiting_payment':
      throw new SectigoFailure(-22);
    case 'rejected':
      throw new SectigoFailure(-20);
    case 'revoked':
      throw new SectigoFailure(-21);
    case 'being_issued':
      throw new SectigoFailure(-26);
    case 'awaiting_validation':
      return { code: 0, fields: statusFields(ctx, order, cert, form) };
    case 'issued':
    case 'replaced':
    case 'expired':
      break;
  }
  const fields = statusFields(ctx, order, cert, form);
  if (queryType === 0 || !cert.pem) return { code: 1, fields };

  const leaf = cert.pem.trim();
  const chain = [ctx.ca.intermediatePem.trim(), ctx.ca.rootPem.trim()];
  const ders = () => [leaf, ...chain].map(pemToDer);
  const newline = call.format === 0;
  const blocks: string[] = [];

  if (queryType === 1 && responseType !== 3) {
    const kind = responseType === 0 ? 'zip' : responseType === 1 ? 'netscape' : 'pkcs7';
    const bytes = kind === 'zip' ? zipBundle(cert.commonName, leaf, chain, ctx.clock.now()) : kind === 'pkcs7' ? pkcs7(ders()) : netscapeSequence(ders());
    if (encoding === 1) {
      const type = form.responseMimeType ?? (kind === 'zip' ? 'application/zip' : 'application/pkcs7-mime');
      const file = `${bundleBaseName(cert.commonName)}.${kind === 'zip' ? 'zip' : 'p7b'}`;
      return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'content-disposition': `attachment; filename="${file}"` });
    }
    const key = kind === 'zip' ? 'zipFile' : kind === 'pkcs7' ? 'pkcs7' : 'netscapeCertificateSequence';
    fields.push([key, bytes.toString('base64')]);
    return { code: 2, fields };
  }

  const withLeaf = queryType === 1 || queryType === 2;
  const withChain = queryType === 1 || queryType === 3;
  if (withLeaf) {
    if (newline) blocks.push(leaf);
    else fields.push(['certificate', `${leaf}\n`]);
  }
  if (withChain) {
    for (const pem of chain) {
      if (newline) blocks.push(pem);
      else fields.push(['caCertificate', `${pem}\n`]);
    }
  }
  return { code: 2, fields, blocks };
}

export const collectEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'CollectSSL',
    summary: 'Status of an order and, once issued, the certificate and its chain (ZIP, Netscape sequence, PKCS#7 or PEM).',
    form: collectSslForm,
    handle: collect,
  }),
];
