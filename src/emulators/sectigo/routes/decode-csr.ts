import type * as z from 'zod';
import type { Field, Reply } from '../codec.js';
import { checkCommonName, checkCsrSubject, checkDecodedCommonName, csrHashes, csrSpki, parseSectigoCsr } from '../csr-rules.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid, SectigoFailure, sectigoMessage } from '../errors.js';
import { countryFullName } from '../countries.js';
import { findSectigoProduct } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

type DecodeForm = z.infer<typeof SchemaTypes.decodeCsrForm>;

interface Entry {
  label: string;
  key: string;
  value: string;
  show: boolean;
}

/** Newline mode honours showErrorCodes=N / showErrorMessages=N (the code line or the message line left out). */
async function decodeCsr(call: SectigoCall<DecodeForm>): Promise<Reply | Response> {
  const { form } = call;
  try {
    return await decode(call);
  } catch (e) {
    if (!(e instanceof SectigoFailure) || call.format !== 0 || (form.showErrorCodes !== 'N' && form.showErrorMessages !== 'N')) throw e;
    const lines = [form.showErrorCodes === 'N' ? undefined : String(e.code), form.showErrorMessages === 'N' ? undefined : sectigoMessage('DecodeCSR', e.code, e.arg)];
    const body = lines.filter((l) => l !== undefined).join('\n');
    return call.c.body(body ? `${body}\n` : '', 200, { 'content-type': 'text/plain;charset=UTF-8' });
  }
}

/** Decodes a CSR and checks it as an order would; newline output is `Field Name<TAB>value` lines. */
async function decode(call: SectigoCall<DecodeForm>): Promise<Reply> {
  const { ctx, form } = call;
  const csr = await parseSectigoCsr(ctx, form.csr);
  const cn = checkCsrSubject(ctx, csr);
  if (form.product !== undefined) {
    const product = findSectigoProduct(form.product);
    if (!product) throw invalid('product', `unknown product code ${form.product}`);
    checkCommonName(cn, product);
  } else checkDecodedCommonName(csr.commonName ?? cn);

  const on = (flag: 'Y' | 'N' | undefined, byDefault: boolean) => (flag === undefined ? byDefault : flag === 'Y');
  const s = csr.subject;
  const hashes = csrHashes(csr);
  const hash = csr.signatureAlgorithm.replace('-', '');
  const entries: Entry[] = [
    { label: 'Common Name', key: 'CN', value: csr.commonName ?? '', show: on(form.showCN, true) },
    { label: 'Organization', key: 'O', value: s.O ?? '', show: on(form.showAddress, true) },
    { label: 'Organization Unit', key: 'OU', value: s.OU ?? '', show: on(form.showAddress, true) },
    { label: 'Locality', key: 'L', value: s.L ?? '', show: on(form.showAddress, true) },
    { label: 'State or Province', key: 'S', value: s.ST ?? '', show: on(form.showAddress, true) },
    { label: 'Country', key: 'C', value: form.countryNameType === 'FULLNAME' ? countryFullName(s.C ?? '') : (s.C ?? '').toUpperCase(), show: on(form.showAddress, true) },
    { label: 'Email Address', key: 'Email', value: s.E ?? '', show: on(form.showAddress, true) },
    { label: 'Public Key', key: 'PublicKey', value: csrSpki(csr).toString('base64'), show: on(form.showPublicKey, true) },
    { label: 'Key Size', key: 'KeySize', value: String(csr.keySize), show: on(form.showKeySize, true) },
    { label: 'SAN DNS Names', key: 'SANDNSNames', value: csr.dnsNames.join(','), show: on(form.showSANDNSNames, true) },
    { label: 'CSR', key: 'CSR', value: csr.pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), show: on(form.showCSR, false) },
    { label: 'MD5', key: 'md5', value: hashes.md5, show: on(form.showCSRHashes, false) },
    { label: 'SHA1', key: 'sha1', value: hashes.sha1, show: on(form.showCSRHashes, false) },
    { label: 'SHA256', key: 'sha256', value: hashes.sha256, show: on(form.showCSRHashes, false) },
    {
      label: 'Signature Algorithm',
      key: 'SignatureAlgorithm',
      value: csr.keyType === 'RSA' ? `${hash.toLowerCase()}WithRSAEncryption` : `ecdsa-with-${hash}`,
      show: on(form.showSignatureAlgorithm, true),
    },
  ];
  const shown = entries.filter((e) => e.show && (e.value !== '' || form.showEmptyFields === 'Y'));
  const fields: Field[] = shown.map((e) => [e.key, e.value]);
  const names = on(form.showFieldNames, true);
  return { code: 0, fields, lines: shown.map((e) => (names ? `${e.label}\t${e.value}` : e.value)) };
}

export const decodeCsrEndpoints: SectigoEndpoint[] = [
  defineEndpoint({
    name: 'DecodeCSR',
    summary: 'Decode a CSR and check it as an order would (no login needed; showCSRHashes=Y needs https).',
    form: () => sectigoSchemas().decodeCsrForm,
    auth: 'optional',
    https: 'csrHashes',
    handle: decodeCsr,
  }),
];
