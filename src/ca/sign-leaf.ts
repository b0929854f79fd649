import { KeyObject, sign } from 'node:crypto';
import { isIP } from 'node:net';
import type { IssuingCa } from './authority.js';
import { extension, keyIdentifier, keyUsageBits, signatureAlgorithmFor, signedCertificate, tbsCertificate } from './certificate-der.js';
import { explicit, ia5, octets, oid, printable, seq, set, tlv, utf8 } from './der.js';
import { policyOids, type ValidationLevel } from './names.js';

export interface CaUrls {
  ocsp: string;
  crl: string;
  caIssuers: string;
}

/** Subject fields beyond the common name, for OV and EV certificates. */
export interface SubjectDetails {
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  state?: string;
  country?: string;
  /** EV: registration number, business category, jurisdiction country. */
  serialNumber?: string;
  businessCategory?: string;
  jurisdictionCountry?: string;
}

export type LeafProfile = 'server' | 'document-signing';

export interface LeafRequest {
  /** SubjectPublicKeyInfo (DER) of the key being certified, as the CSR carries it. */
  spki: Buffer;
  commonName: string;
  dnsNames: string[];
  /** IP address SANs (the emulator's own server certificate). */
  ipAddresses?: string[];
  notBefore: Date;
  notAfter: Date;
  /** Positive serial, hex without separators. */
  serialHex: string;
  level: ValidationLevel;
  profile?: LeafProfile;
  subject?: SubjectDetails;
}

const oids = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  policies: '2.5.29.32',
  aia: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  crlDp: '2.5.29.31',
  san: '2.5.29.17',
} as const;

const ekuByProfile: Record<LeafProfile, string[]> = {
  server: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
  // id-kp-documentSigning (RFC 9336), Microsoft document signing, and S/MIME.
  'document-signing': ['1.3.6.1.5.5.7.3.36', '1.3.6.1.4.1.311.10.3.12', '1.3.6.1.5.5.7.3.4'],
};

const subjectAttributes: { key: keyof SubjectDetails; oid: string; printable: boolean; ev?: boolean }[] = [
  { key: 'jurisdictionCountry', oid: '1.3.6.1.4.1.311.60.2.1.3', printable: true, ev: true },
  { key: 'businessCategory', oid: '2.5.4.15', printable: false, ev: true },
  { key: 'serialNumber', oid: '2.5.4.5', printable: true, ev: true },
  { key: 'country', oid: '2.5.4.6', printable: true },
  { key: 'state', oid: '2.5.4.8', printable: false },
  { key: 'locality', oid: '2.5.4.7', printable: false },
  { key: 'organization', oid: '2.5.4.10', printable: false },
  { key: 'organizationalUnit', oid: '2.5.4.11', printable: false },
];

const rdn = (type: string, value: Buffer) => set(seq(oid(type), value));

function subjectName(req: LeafRequest): Buffer {
  const rdns: Buffer[] = [];
  if (req.level !== 'dv') {
    for (const attr of subjectAttributes) {
      const value = req.subject?.[attr.key];
      if (!value || (attr.ev && req.level !== 'ev')) continue;
      rdns.push(rdn(attr.oid, attr.printable ? printable(value) : utf8(value)));
    }
  }
  rdns.push(rdn('2.5.4.3', utf8(req.commonName)));
  return seq(...rdns);
}


function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}


const rsaEncryptionOid = Buffer.from('2a864886f70d010101', 'hex');

/** The extensions that depend on the kind of leaf only, encoded once per kind. */
const kinds = new Map<string, { leading: Buffer[]; policies: Buffer }>();

function fixedByKind(profile: LeafProfile, isRsa: boolean, level: ValidationLevel): { leading: Buffer[]; policies: Buffer } {
  const key = `${profile} ${isRsa} ${level}`;
  let kind = kinds.get(key);
  if (!kind) {
    // KeyUsage bits: digitalSignature 0x80, nonRepudiation 0x40, keyEncipherment 0x20.
    let usage = 0x80;
    if (isRsa) usage |= 0x20;
    if (profile === 'document-signing') usage |= 0x40;
    kind = {
      leading: [
        extension(oids.basicConstraints, true, seq()),
        extension(oids.keyUsage, true, keyUsageBits(usage)),
        extension(oids.extKeyUsage, false, seq(...ekuByProfile[profile].map(oid))),
      ],
      policies: extension(oids.policies, false, seq(seq(oid(policyOids[level])))),
    };
    kinds.set(key, kind);
  }
  return kind;
}

/** The SKI of a key certified lately (one fixture CSR ordered again and again shares its key buffer). */
const skiByKey = new WeakMap<Buffer, Buffer>();

function subjectKeyId(spki: Buffer): Buffer {
  let ski = skiByKey.get(spki);
  if (!ski) {
    ski = keyIdentifier(spki);
    skiByKey.set(spki, ski);
  }
  return ski;
}

/**
 * Signs leaf certificates with the issuing CA. Builds the DER directly and signs with node:crypto,
 * so issuing costs one signature; everything that never changes is encoded once.
 */
export class LeafSigner {
  private readonly key: KeyObject;
  private readonly issuerName: Buffer;
  private readonly authorityKeyId: Buffer;
  private readonly algorithm: { der: Buffer; hash: string };
  private fixedExtensions!: Buffer[];

  constructor(
    issuer: IssuingCa,
    urls: CaUrls,
  ) {
    this.key = issuer.key;
    const { subjectName, subjectKeyId, spki } = issuer.parts;
    this.issuerName = subjectName;
    this.authorityKeyId = subjectKeyId ?? keyIdentifier(spki);
    this.algorithm = signatureAlgorithmFor(this.key);
    this.setUrls(urls);
  }

  setUrls(urls: CaUrls): void {
    this.fixedExtensions = [
      extension(oids.authorityKeyId, false, seq(tlv(0x80, this.authorityKeyId))),
      extension(oids.aia, false, seq(seq(oid(oids.ocsp), ia5(0x86, urls.ocsp)), seq(oid(oids.caIssuers), ia5(0x86, urls.caIssuers)))),
      extension(oids.crlDp, false, seq(seq(explicit(0, explicit(0, ia5(0x86, urls.crl)))))),
    ];
  }

  /** The leaf in DER, signed in this thread. */
  sign(req: LeafRequest): Buffer {
    const tbs = this.tbs(req);
    return this.certificate(tbs, sign(this.algorithm.hash, tbs, this.key));
  }

  /** The leaf signed by `signWith` (another thread's signature), given the issuer's key, digest and TBS bytes. */
  async signWith(req: LeafRequest, signWith: (key: KeyObject, digest: string, tbs: Buffer) => Promise<Buffer> | Buffer): Promise<Buffer> {
    const tbs = this.tbs(req);
    return this.certificate(tbs, await signWith(this.key, this.algorithm.hash, tbs));
  }

  private certificate(tbs: Buffer, signature: Buffer): Buffer {
    return signedCertificate(tbs, this.algorithm, signature);
  }

  /** The TBSCertificate of the leaf `req` describes. */
  private tbs(req: LeafRequest): Buffer {
    const profile = req.profile ?? 'server';
    const isRsa = req.spki.includes(rsaEncryptionOid);
    const kind = fixedByKind(profile, isRsa, req.level);
    const extensions = [
      ...kind.leading,
      extension(oids.subjectKeyId, false, octets(subjectKeyId(req.spki))),
      ...this.fixedExtensions,
      kind.policies,
    ];
    const altNames = [...req.dnsNames.map((n) => ia5(0x82, n)), ...(req.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip)))];
    if (profile === 'server' && altNames.length > 0) extensions.push(extension(oids.san, false, seq(...altNames)));
    return tbsCertificate(
      {
        serialHex: req.serialHex,
        issuerName: this.issuerName,
        subjectName: subjectName(req),
        spki: req.spki,
        notBefore: req.notBefore,
        notAfter: req.notAfter,
        extensions,
      },
      this.algorithm,
    );
  }
}
