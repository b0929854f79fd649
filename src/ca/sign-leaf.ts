import { x509 } from './x509.js';
import * as asn1X509 from '@peculiar/asn1-x509';
import { crypto, keyAlgorithms } from './algorithms.js';
import type { IssuingCa } from './authority.js';
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
  publicKey: x509.PublicKey;
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

const ekuByProfile: Record<LeafProfile, string[]> = {
  server: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
  // id-kp-documentSigning (RFC 9336) and Microsoft's document signing, plus S/MIME.
  'document-signing': ['1.3.6.1.5.5.7.3.36', '1.3.6.1.4.1.311.10.3.12', x509.ExtendedKeyUsage.emailProtection],
};

const subjectOids = {
  serialNumber: '2.5.4.5',
  businessCategory: '2.5.4.15',
  jurisdictionCountry: '1.3.6.1.4.1.311.60.2.1.3',
};

function subjectName(req: LeafRequest): x509.JsonName {
  const name: x509.JsonName = [];
  const s = req.subject ?? {};
  if (req.level !== 'dv') {
    if (s.jurisdictionCountry && req.level === 'ev') name.push({ [subjectOids.jurisdictionCountry]: [s.jurisdictionCountry] });
    if (s.businessCategory && req.level === 'ev') name.push({ [subjectOids.businessCategory]: [s.businessCategory] });
    if (s.serialNumber && req.level === 'ev') name.push({ [subjectOids.serialNumber]: [s.serialNumber] });
    if (s.country) name.push({ C: [s.country] });
    if (s.state) name.push({ ST: [s.state] });
    if (s.locality) name.push({ L: [s.locality] });
    if (s.organization) name.push({ O: [s.organization] });
    if (s.organizationalUnit) name.push({ OU: [s.organizationalUnit] });
  }
  name.push({ CN: [req.commonName] });
  return name;
}

/** Signs leaf certificates with the issuing CA; extensions that never change are built once. */
export class LeafSigner {
  private authorityKeyId?: x509.AuthorityKeyIdentifierExtension;
  private issuerPublicKey?: CryptoKey;

  constructor(
    private readonly issuer: IssuingCa,
    private urls: CaUrls,
  ) {}

  setUrls(urls: CaUrls): void {
    this.urls = urls;
  }

  private async authorityKeyIdentifier(): Promise<x509.AuthorityKeyIdentifierExtension> {
    if (!this.authorityKeyId) {
      this.issuerPublicKey = await this.issuer.cert.publicKey.export(crypto);
      const ski = this.issuer.cert.getExtension(x509.SubjectKeyIdentifierExtension);
      this.authorityKeyId = ski
        ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
        : await x509.AuthorityKeyIdentifierExtension.create(this.issuerPublicKey, false, crypto);
    }
    return this.authorityKeyId;
  }

  private crlDistributionPoints(): x509.CRLDistributionPointsExtension {
    const point = new asn1X509.DistributionPoint({
      distributionPoint: new asn1X509.DistributionPointName({
        fullName: [new asn1X509.GeneralName({ uniformResourceIdentifier: this.urls.crl })],
      }),
    });
    return new x509.CRLDistributionPointsExtension([point]);
  }

  async sign(req: LeafRequest): Promise<x509.X509Certificate> {
    const profile = req.profile ?? 'server';
    const leafKey = await req.publicKey.export(crypto);
    let usage = x509.KeyUsageFlags.digitalSignature;
    if (leafKey.algorithm.name.startsWith('RSA')) usage |= x509.KeyUsageFlags.keyEncipherment;
    if (profile === 'document-signing') usage |= x509.KeyUsageFlags.nonRepudiation;

    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension(ekuByProfile[profile], false),
      await x509.SubjectKeyIdentifierExtension.create(leafKey, false, crypto),
      await this.authorityKeyIdentifier(),
      new x509.CertificatePolicyExtension([policyOids[req.level]], false),
      new x509.AuthorityInfoAccessExtension({
        ocsp: [new x509.GeneralName('url', this.urls.ocsp)],
        caIssuers: [new x509.GeneralName('url', this.urls.caIssuers)],
      }),
      this.crlDistributionPoints(),
    ];
    const altNames = [
      ...req.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...(req.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
    ];
    if (profile === 'server' && altNames.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(altNames, false));

    return x509.X509CertificateGenerator.create(
      {
        serialNumber: req.serialHex,
        subject: subjectName(req),
        issuer: this.issuer.cert.subjectName,
        notBefore: req.notBefore,
        notAfter: req.notAfter,
        publicKey: leafKey,
        signingKey: this.issuer.privateKey,
        signingAlgorithm: keyAlgorithms[this.issuer.algorithm].signing,
        extensions,
      },
      crypto,
    );
  }
}

