import { generateKeyPairSync, sign } from 'node:crypto';
import { bitString, explicit, integer, oid, seq, set, utf8 } from './der.js';

/** A fresh EC P-256 key and a PKCS#10 request for it (fixtures, documentation placeholders); the key's PEM is made when read. */
export function makeEcCsr(commonName: string): { csrPem: string; keyPem: string; spki: Buffer } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const info = seq(integer(0), seq(set(seq(oid('2.5.4.3'), utf8(commonName)))), spki, explicit(0));
  const algorithm = seq(oid('1.2.840.10045.4.3.2'));
  const der = seq(info, algorithm, bitString(sign('sha256', info, privateKey)));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  let keyPem: string | undefined;
  return {
    csrPem: `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`,
    spki,
    get keyPem() {
      return (keyPem ??= privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    },
  };
}
