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
  | { kind: 'pem'; parts: Part[]; ext: string }
  | { kind: 'der' }
  | { kind: 'p7b'; ext: string }
  | { kind: 'zip'; files: (m: Material) => { name: string; content: string | Uint8Array }[] };

const pemFile = (m: Material, parts: Part[]) => parts.map((p) => pemBlock(m[p])).join('');

const fileNames: Record<Part, (m: Material) => string> = { leaf: (m) => m.name, intermediate: () => 'DigiCertCA', root: () => 'TrustedRoot' };

/** One PEM file per certificate in a zip, each named like DigiCert's bundles (names inferred). */
const pemFiles = (parts: Part[], ext: string) => (m: Material) => parts.map((p) => ({ name: `${fileNames[p](m)}.${ext}`, content: pemBlock(m[p]) }));

/**
 * The certificate formats of the Glossary ("All returned certificates use PEM encoding"): zips of
 * PEM files, PEM bundles and PEM-encoded P7B bundles. `pem`, `crt`, `der`, `nginx` and `iis` are
 * not in that table; their contents are inferred.
 */
export const downloadFormats: Record<string, Format> = {
  default: { kind: 'zip', files: pemFiles(['leaf', 'intermediate', 'root'], 'crt') },
  apache: { kind: 'zip', files: pemFiles(['leaf', 'intermediate'], 'crt') },
  default_pem: { kind: 'zip', files: pemFiles(['leaf', 'intermediate', 'root'], 'crt') },
  default_cer: { kind: 'zip', files: pemFiles(['leaf', 'intermediate', 'root'], 'cer') },
  cer: { kind: 'p7b', ext: 'cer' },
  p7b: { kind: 'p7b', ext: 'p7b' },
  pem_all: { kind: 'pem', parts: ['leaf', 'intermediate', 'root'], ext: 'pem' },
  pem_noroot: { kind: 'pem', parts: ['leaf', 'intermediate'], ext: 'pem' },
  pem_nointermediate: { kind: 'pem', parts: ['leaf'], ext: 'pem' },
  pem: { kind: 'pem', parts: ['leaf', 'intermediate'], ext: 'pem' },
  crt: { kind: 'pem', parts: ['leaf'], ext: 'crt' },
  der: { kind: 'der' },
  nginx: { kind: 'zip', files: (m) => [{ name: `${m.name}.crt`, content: pemFile(m, ['leaf', 'intermediate']) }] },
  iis: { kind: 'zip', files: (m) => [{ name: `${m.name}.p7b`, content: p7bPem([m.leaf, m.intermediate, m.root]) }] },
};

/** Answers one format of an issued certificate as a file. */
export function downloadResponse(ctx: EmulatorContext, c: Context, cert: Certificate, formatName: string): Response {
  const format = downloadFormats[formatName];
  if (!format) throw new DigicertFailure('invalid_download_format', `format '${formatName}' is not one of ${Object.keys(downloadFormats).join(', ')}`);
  if (!cert.pem) throw new DigicertFailure('certificate_not_issued', `certificate ${cert.publicId} is ${cert.status}`);
  const m: Material = { leaf: cert.pem, intermediate: ctx.ca.intermediatePem, root: ctx.ca.rootPem, name: digicertInferred.leafFileName(cert.commonName) };
  const disposition = (ext: string) => ({ 'content-disposition': `attachment; filename="${m.name}.${ext}"` });
  switch (format.kind) {
    case 'pem':
      return c.body(pemFile(m, format.parts), 200, { 'content-type': 'application/x-pem-file', ...disposition(format.ext) });
    case 'der':
      return c.body(new Uint8Array(pemToDer(m.leaf)), 200, { 'content-type': 'application/pkix-cert', ...disposition('der') });
    case 'p7b':
      return c.body(p7bPem([m.leaf, m.intermediate, m.root]), 200, { 'content-type': 'application/x-pkcs7-certificates', ...disposition(format.ext) });
    case 'zip':
      return c.body(new Uint8Array(zip(format.files(m), ctx.clock.now())), 200, { 'content-type': 'application/zip', ...disposition('zip') });
  }
}
