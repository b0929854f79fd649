import { BoundedMemo } from '../../../lib/bounded-memo.js';
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
import { caaStatusWord } from '../caa.js';
import { certState, certStates, dcvStatusWord, statusFlags, unixSeconds } from '../presenters.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

type CollectForm = z.infer<typeof SchemaTypes.collectSslForm>;

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

/**
 * The optional status fields. In newline mode showValidityPeriod and showFQDN are positional
 * lines (the values alone, in that order), the other flags `key<TAB>value` lines.
 */
function statusFields(ctx: EmulatorContext, order: Order, cert: Certificate, form: CollectForm): { fields: Field[]; positional: string[] } {
  const state = certState(ctx, order, cert);
  const positional: string[] = [];
  // The URL-encoded answer names the order (checkdomain's recorded answers: errorCode, orderNumber, …).
  const fields: Field[] = [['orderNumber', order.publicId]];
  if (form.showStatusDetails === 'Y') fields.push(['certificateStatus', caaStatusWord(cert) ?? certStates[state].word]);
  if (form.showValidityPeriod === 'Y' && cert.notBefore !== null) {
    fields.push(['notBefore', unixSeconds(cert.notBefore)], ['notAfter', unixSeconds(cert.notAfter)]);
    positional.push(unixSeconds(cert.notBefore), unixSeconds(cert.notAfter));
  }
  if (form.showFQDN === 'Y') {
    fields.push(['fqdn', cert.commonName]);
    positional.push(cert.commonName);
  }
  // Sectigo leaves evClickThroughStatus out for non-EV orders (checkdomain's client fills in -1 itself).
  if (form.showExtStatus === 'Y') fields.push(...statusFlags(ctx, order, cert).filter(([k]) => k !== 'evClickThroughStatus' || order.level === 'ev'));
  if (form.showMDCDomainDetails === 'Y') fields.push(['mdcDomainDetails', mdcDetails(ctx, cert, false)]);
  if (form.showMDCDomainDetails2 === 'Y') fields.push(['mdcDomainDetails2', mdcDetails(ctx, cert, true)]);
  return { fields, positional };
}

/** Fields that are not `key<TAB>value` lines in newline mode (positional values, or not there at all). */
const newlineLeavesOut = new Set(['notBefore', 'notAfter', 'fqdn', 'orderNumber']);

/** A reply in either layout: newline mode writes the positional values, then the other fields as lines. */
function statusReply(code: number, status: { fields: Field[]; positional: string[] }, extra: Field[] = [], blocks: string[] = []): Reply {
  const fields = [...status.fields, ...extra];
  const lines = [...status.positional, ...status.fields.filter(([k]) => !newlineLeavesOut.has(k)).map(([k, v]) => `${k}\t${v}`)];
  return { code, fields, lines, blocks };
}

/** A certificate as CollectSSL writes it: bare Base64 of the DER, no armour (line breaks: inferred.ts). */
function bareBase64(pem: string): string {
  const hit = base64Of.get(pem);
  if (hit !== undefined) return hit;
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const width = sectigoInferred.collectBase64LineLength;
  const out = width > 0 ? (b64.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\n') : b64;
  // The chain is the same in every answer and a client polls the same leaf: keep the last few.
  base64Of.set(pem, out);
  return out;
}
const base64Of = new BoundedMemo<string, string>(64);

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
  call.shows = order;
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
      return statusReply(0, statusFields(ctx, order, cert, form));
    case 'issued':
    case 'replaced':
    case 'expired':
      break;
  }
  const status = statusFields(ctx, order, cert, form);
  if (queryType === 0 || !cert.pem) return statusReply(1, status);

  // As stored (the same string objects answer after answer, so the Base64 and encoding caches hit by identity); trimmed for the bundles.
  const storedLeaf = cert.pem;
  const leaf = storedLeaf.trim();
  // A test=Y order was signed by the untrusted test-order chain, so that is its chain.
  const authority = order.test ? await ctx.ca.testAuthority() : undefined;
  const storedChain = authority ? [authority.intermediate.pem, authority.root.pem] : [ctx.ca.intermediatePem, ctx.ca.rootPem];
  const chain = storedChain.map((p) => p.trim());
  const ders = () => [leaf, ...chain].map(pemToDer);

  if (queryType === 1 && responseType !== 3) {
    const kind = responseType === 0 ? 'zip' : responseType === 1 ? 'netscape' : 'pkcs7';
    const bytes = kind === 'zip' ? zipBundle(cert.commonName, leaf, chain, ctx.clock.now()) : kind === 'pkcs7' ? pkcs7(ders()) : netscapeSequence(ders());
    if (encoding === 1) {
      const type = form.responseMimeType ?? (kind === 'zip' ? 'application/zip' : 'application/pkcs7-mime');
      const file = `${bundleBaseName(cert.commonName)}.${kind === 'zip' ? 'zip' : 'p7b'}`;
      return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'content-disposition': `attachment; filename="${file}"` });
    }
    const key = kind === 'zip' ? 'zipFile' : kind === 'pkcs7' ? 'pkcs7' : 'netscapeCertificateSequence';
    const value = bytes.toString('base64');
    return statusReply(2, status, [[key, value]], [value]);
  }

  // Root side first, as Sectigo sends them (public clients reverse the list to get leaf-to-root).
  const caCertificates = (queryType === 1 || queryType === 3 ? [...storedChain].reverse() : []).map(bareBase64);
  const certificate = queryType === 1 || queryType === 2 ? bareBase64(storedLeaf) : undefined;
  const extra: Field[] = [...(certificate ? [['certificate', certificate] as Field] : []), ...caCertificates.map((b): Field => ['caCertificate', b])];
  // Newline mode: the chain root side first, then the leaf last.
  return statusReply(2, status, extra, [...caCertificates, ...(certificate ? [certificate] : [])]);
}

export const collectEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'CollectSSL',
    summary: 'Status of an order and, once issued, the certificate and its chain (ZIP, Netscape sequence, PKCS#7 or PEM).',
    form: () => sectigoSchemas().collectSslForm,
    reads: true,
    handle: collect,
  }),
];
