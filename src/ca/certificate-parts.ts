import { children, content, raw, read, readOid } from './der.js';

/** What signing needs of an issuing CA's certificate, read from its DER (no ASN.1 object model). */
export interface CertificateParts {
  /** The subject Name, as encoded: the issuer name of what it signs. */
  subjectName: Buffer;
  spki: Buffer;
  /** The subjectKeyIdentifier extension's key id, when the certificate has one. */
  subjectKeyId?: Buffer;
}

export function certificateParts(der: Buffer): CertificateParts {
  const tbs = children(der, read(der))[0];
  const parts = children(der, tbs);
  const at = parts[0].tag === 0xa0 ? 1 : 0;
  const extensions = parts.find((p) => p.tag === 0xa3);
  let subjectKeyId: Buffer | undefined;
  if (extensions) {
    for (const ext of children(der, children(der, extensions)[0])) {
      const [id, ...rest] = children(der, ext);
      if (readOid(der, id) !== '2.5.29.14') continue;
      const value = content(der, rest[rest.length - 1]);
      subjectKeyId = Buffer.from(content(value, read(value)));
    }
  }
  return { subjectName: Buffer.from(raw(der, parts[at + 4])), spki: Buffer.from(raw(der, parts[at + 5])), subjectKeyId };
}
