import { crypto, exportPrivateKeyPem, generateKeyPair } from './algorithms.js';
import { caNames } from './names.js';
import { x509 as x509lib } from './x509.js';
import { loadOrCreateAuthority, type Authority, type AuthorityOptions } from './authority.js';
import { signCrl, type RevokedEntry } from './crl.js';
import { parseCsr, type CsrInfo } from './csr.js';
import { LeafSigner, type CaUrls, type LeafRequest } from './sign-leaf.js';

export interface IssuedLeaf {
  pem: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
}

/** Where the CA publishes itself, relative to the control API's base URL. */
export function caUrlsFor(controlBaseUrl: string): CaUrls {
  return {
    ocsp: `${controlBaseUrl}/api/ca/ocsp`,
    crl: `${controlBaseUrl}/api/ca/crl`,
    caIssuers: `${controlBaseUrl}/api/ca/intermediate.cer`,
  };
}

/** The emulator's own CA: root -> intermediate -> leaves. Knows keys, CSRs and certificates, nothing else. */
export class LocalCa {
  private readonly signer: LeafSigner;
  private crlNumber = 0;

  private constructor(readonly authority: Authority) {
    this.signer = new LeafSigner(authority.intermediate, caUrlsFor('http://127.0.0.1'));
  }

  static async create(options: AuthorityOptions): Promise<LocalCa> {
    return new LocalCa(await loadOrCreateAuthority(options));
  }

  get rootPem(): string {
    return this.authority.root.pem;
  }

  get intermediatePem(): string {
    return this.authority.intermediate.pem;
  }

  /** Intermediate then root, as servers send it after the leaf. */
  get chainPem(): string {
    return `${this.authority.intermediate.pem}\n${this.authority.root.pem}\n`;
  }

  get intermediateDer(): ArrayBuffer {
    return this.authority.intermediate.cert.rawData;
  }

  setControlBaseUrl(baseUrl: string): void {
    this.signer.setUrls(caUrlsFor(baseUrl));
  }

  parseCsr(text: string): Promise<CsrInfo> {
    return parseCsr(text);
  }

  async signLeaf(req: LeafRequest): Promise<IssuedLeaf> {
    const cert = await this.signer.sign(req);
    return { pem: `${cert.toString('pem')}\n`, serialHex: cert.serialNumber.toLowerCase(), notBefore: cert.notBefore, notAfter: cert.notAfter };
  }

  signCrl(entries: RevokedEntry[], now: Date): Promise<x509lib.X509Crl> {
    this.crlNumber += 1;
    return signCrl(this.authority.intermediate, entries, now, this.crlNumber);
  }

  /** A TLS server certificate and key for the emulator's own listeners (`--tls`). */
  async serverCertificate(dnsNames: string[], ipAddresses: string[], now: Date, serialHex: string): Promise<{ key: string; cert: string }> {
    const keys = await generateKeyPair('ec-p256');
    const publicKey = new x509lib.PublicKey(await crypto.subtle.exportKey('spki', keys.publicKey));
    const leaf = await this.signLeaf({
      publicKey,
      commonName: dnsNames[0] ?? caNames.server,
      dnsNames,
      ipAddresses,
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(now.getTime() + 365 * 86_400_000),
      serialHex,
      level: 'dv',
    });
    return { key: await exportPrivateKeyPem(keys.privateKey), cert: `${leaf.pem.trim()}\n${this.intermediatePem.trim()}\n` };
  }
}
