import { zip } from '../../http/zip.js';

/** CollectSSL's ZIP bundle (PKCS#7 and the Netscape sequence come from ca/bundles). */

/** Sectigo's file names: `*.example.com` -> `STAR_example_com`. */
export const bundleBaseName = (cn: string): string => cn.replace(/^\*/, 'STAR').replace(/[^A-Za-z0-9-]/g, '_');

export function zipBundle(cn: string, leafPem: string, chainPems: string[], date: Date): Buffer {
  const base = bundleBaseName(cn);
  return zip(
    [
      { name: `${base}.crt`, content: `${leafPem.trim()}\n` },
      { name: `${base}.ca-bundle`, content: `${chainPems.map((p) => p.trim()).join('\n')}\n` },
    ],
    date,
  );
}
