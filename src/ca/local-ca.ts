import { crypto, exportPrivateKeyPem, generateKeyPair } from './algorithms.js';
import { derToPem } from './certificate-der.js';
import { caNames, testOrderCaNames } from './names.js';
import { createAuthority, loadOrCreateAuthority, type Authority, type AuthorityOptions } from './authority.js';
import { signCrl, type RevokedEntry, type SignedCrl } from './crl.js';
import { isDocumentationPlaceholder, parseCsr, type CsrInfo } from './csr.js';
import { parseCsrInWorker, signInWorker } from './crypto-threads.js';
import { makeEcCsr } from './make-csr.js';
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

/** A caller's own copy (arrays and subject not shared; the PEM of the key still made only when read). */
function copyOfCsrInfo(info: CsrInfo): CsrInfo {
  const copy = {
    pem: info.pem,
    der: info.der,
    spki: info.spki,
    get publicKeyPem() {
      return info.publicKeyPem;
    },
    keyType: info.keyType,
    keySize: info.keySize,
    curve: info.curve,
    signatureAlgorithm: info.signatureAlgorithm,
    commonName: info.commonName,
    dnsNames: [...info.dnsNames],
    subject: { ...info.subject },
  } satisfies Record<keyof CsrInfo, unknown>;
  return copy;
}

/** A signed leaf as the store keeps it: times in whole seconds, as the certificate carries them. */
function issuedLeaf(req: LeafRequest, der: Buffer): IssuedLeaf {
  const second = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
  return {
    pem: derToPem(der, 'CERTIFICATE'),
    serialHex: req.serialHex.toLowerCase().replace(/^0+(?=.)/, ''),
    notBefore: second(req.notBefore),
    notAfter: second(req.notAfter),
  };
}

/** The emulator's own CA: root -> intermediate -> leaves. Knows keys, CSRs and certificates, nothing else. */
export class LocalCa {
  private readonly signer: LeafSigner;
  private crlNumber = 0;
  private controlBaseUrl = 'http://127.0.0.1';
  private testChain?: Promise<{ authority: Authority; signer: LeafSigner }>;
  private readonly csrMemo = new Map<string, CsrInfo>();
  private static readonly csrMemoSize = 256;
  private static readonly csrMemoTextLimit = 16 * 1024;

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
    const { der } = this.authority.intermediate;
    return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
  }

  setControlBaseUrl(baseUrl: string): void {
    this.signer.setUrls(caUrlsFor(baseUrl));
    this.controlBaseUrl = baseUrl;
    void this.testChain?.then((t) => t.signer.setUrls(caUrlsFor(baseUrl)));
  }

  /**
   * Parses and checks a CSR; a documentation placeholder (`MIIC...`) stands for a key the emulator makes.
   * A request whose very text was accepted lately is not decoded and verified again (test suites
   * send one fixture CSR again and again): the answer is a function of the text alone.
   */
  async parseCsr(text: string): Promise<CsrInfo> {
    if (isDocumentationPlaceholder(text)) return parseCsr(makeEcCsr('placeholder.mockca.test').csrPem);
    const known = typeof text === 'string' && text.length <= LocalCa.csrMemoTextLimit ? this.csrMemo.get(text) : undefined;
    if (known) return copyOfCsrInfo(known);
    const info = await parseCsrInWorker(text);
    if (text.length <= LocalCa.csrMemoTextLimit) {
      if (this.csrMemo.size >= LocalCa.csrMemoSize) this.csrMemo.delete(this.csrMemo.keys().next().value!);
      this.csrMemo.set(text, info);
    }
    return copyOfCsrInfo(info);
  }

  /** A leaf signed by the emulator's own chain; in a crypto thread once they run (orders start them). */
  async signLeaf(req: LeafRequest): Promise<IssuedLeaf> {
    return issuedLeaf(req, await this.signer.signWith(req, signInWorker));
  }

  /** signLeaf in this thread, without the wait. */
  signLeafNow(req: LeafRequest): IssuedLeaf {
    return issuedLeaf(req, this.signer.sign(req));
  }

  signCrl(entries: RevokedEntry[], now: Date): Promise<SignedCrl> {
    this.crlNumber += 1;
    return signCrl(this.authority.intermediate, entries, now, this.crlNumber);
  }

  /** A TLS server certificate and key for the emulator's own listeners (`--tls`). */
  async serverCertificate(dnsNames: string[], ipAddresses: string[], now: Date, serialHex: string): Promise<{ key: string; cert: string }> {
    const keys = await generateKeyPair('ec-p256');
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey));
    const leaf = await this.signLeaf({
      spki,
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

  /**
   * The untrusted chain of vendor test orders (Sectigo test=Y): its own root and intermediate,
   * made on first use and kept in memory only.
   */
  testAuthority(): Promise<Authority> {
    return this.testSigner().then((t) => t.authority);
  }

  /** Signs a leaf with the test-order chain instead of the emulator's own. */
  async signTestLeaf(req: LeafRequest): Promise<IssuedLeaf> {
    const { signer } = await this.testSigner();
    return issuedLeaf(req, await signer.signWith(req, signInWorker));
  }

  private testSigner(): Promise<{ authority: Authority; signer: LeafSigner }> {
    this.testChain ??= createAuthority(this.authority.intermediate.algorithm, testOrderCaNames).then((authority) => ({
      authority,
      signer: new LeafSigner(authority.intermediate, caUrlsFor(this.controlBaseUrl)),
    }));
    return this.testChain;
  }
}
