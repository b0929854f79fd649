import type { Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import { zip } from '../../http/zip.js';
import type { Certificate } from '../../state/model.js';
import { digicertInferred } from './inferred.js';
import { pemBlock, pemToDer, p7bPem } from './pem.js';
import { DigicertFailure } from './respond.js';

type Part = 'leaf' | 'intermediate' | 'root';

interface Material {
  leaf: string;
  intermediate: string;
  root: string;
  name: string;
}

type Format =
  | { kind: 'pem'; parts: Part[] }
  | { kind: 'der' }
  | { kind: 'p7b' }
  | { kind: 'zip'; files: (m: Material) => { name: string; content: string | Uint8Array }[] };

const pemFile = (m: Material, parts: Part[]) => parts.map((p) => pemBlock(m[p])).join('');

const crtBundle = (m: Material) => [
  { name: `${m.name}.crt`, content: pemBlock(m.leaf) },
  { name: 'DigiCertCA.crt', content: pemBlock(m.intermediate) },
  { name: 'TrustedRoot.crt', content: pemBlock(m.root) },
];

/** Every download format of reference/digicert.md §8 (contents of default_pem, pem, crt and the zips are inferred). */
export const downloadFormats: Record<string, Format> = {
  pem_all: { kind: 'pem', parts: ['leaf', 'intermediate', 'root'] },
  default_pem: { kind: 'pem', parts: ['leaf', 'intermediate', 'root'] },
  pem: { kind: 'pem', parts: ['leaf', 'intermediate'] },
  pem_noroot: { kind: 'pem', parts: ['leaf', 'intermediate'] },
  pem_nointermediate: { kind: 'pem', parts: ['leaf', 'root'] },
  crt: { kind: 'pem', parts: ['leaf'] },
  der: { kind: 'der' },
  cer: { kind: 'der' },
  p7b: { kind: 'p7b' },
  default: { kind: 'zip', files: crtBundle },
  apache: { kind: 'zip', files: crtBundle },
  nginx: { kind: 'zip', files: (m) => [{ name: `${m.name}.crt`, content: pemFile(m, ['leaf', 'intermediate']) }] },
  default_cer: {
    kind: 'zip',
    files: (m) => [
      { name: `${m.name}.cer`, content: pemToDer(m.leaf) },
      { name: 'DigiCertCA.cer', content: pemToDer(m.intermediate) },
      { name: 'TrustedRoot.cer', content: pemToDer(m.root) },
    ],
  },
  iis: { kind: 'zip', files: (m) => [{ name: `${m.name}.p7b`, content: p7bPem([m.leaf, m.intermediate, m.root]) }] },
};

/** Platform downloads (GET /certificate/{id}/download/platform[/{platform}]) map onto a format. */
export const platformFormats: Record<string, string> = { apache: 'apache', nginx: 'nginx', iis: 'iis', tomcat: 'p7b', other: 'default' };

/** Answers one format of an issued certificate as a file. */
export function downloadResponse(ctx: EmulatorContext, c: Context, cert: Certificate, formatName: string): Response {
  const format = downloadFormats[formatName];
  if (!format) throw new DigicertFailure('invalid_download_format', `format '${formatName}' is not one of ${Object.keys(downloadFormats).join(', ')}`);
  if (!cert.pem) throw new DigicertFailure('certificate_not_issued', `certificate ${cert.publicId} is ${cert.status}`);
  const m: Material = { leaf: cert.pem, intermediate: ctx.ca.intermediatePem, root: ctx.ca.rootPem, name: digicertInferred.leafFileName(cert.commonName) };
  const disposition = (ext: string) => ({ 'content-disposition': `attachment; filename="${m.name}.${ext}"` });
  switch (format.kind) {
    case 'pem':
      return c.body(pemFile(m, format.parts), 200, { 'content-type': 'application/x-pem-file', ...disposition(formatName === 'crt' ? 'crt' : 'pem') });
    case 'der':
      return c.body(new Uint8Array(pemToDer(m.leaf)), 200, { 'content-type': 'application/pkix-cert', ...disposition(formatName) });
    case 'p7b':
      return c.body(p7bPem([m.leaf, m.intermediate, m.root]), 200, { 'content-type': 'application/x-pkcs7-certificates', ...disposition('p7b') });
    case 'zip':
      return c.body(new Uint8Array(zip(format.files(m), ctx.clock.now())), 200, { 'content-type': 'application/zip', ...disposition('zip') });
  }
}
