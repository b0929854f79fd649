import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { x509 } from './x509.js';
import {
  algorithmOfKey,
  crypto,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  keyAlgorithms,
  type KeyAlgorithmName,
} from './algorithms.js';
import { caNames } from './names.js';

export interface CaCertificate {
  cert: x509.X509Certificate;
  pem: string;
}

export interface IssuingCa extends CaCertificate {
  privateKey: CryptoKey;
  algorithm: KeyAlgorithmName;
}

export interface Authority {
  root: CaCertificate;
  intermediate: IssuingCa;
}

export interface AuthorityOptions {
  keyAlgorithm: KeyAlgorithmName;
  /** Where root and intermediate are kept across restarts; none keeps them in memory only. */
  dataDir?: string;
  /** A CA the user brings (PEM certificate and PKCS#8 key); it becomes the root. */
  caCertPem?: string;
  caKeyPem?: string;
}

// CA certificates span the whole range the virtual clock is likely to visit.
const caNotBefore = new Date('2000-01-01T00:00:00Z');
const caNotAfter = new Date('2099-12-31T23:59:59Z');

const files = {
  rootCert: 'ca-root.pem',
  rootKey: 'ca-root.key',
  intermediateCert: 'ca-intermediate.pem',
  intermediateKey: 'ca-intermediate.key',
};

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

async function caExtensions(publicKey: CryptoKey, issuerPublicKey: CryptoKey, pathLength?: number) {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(issuerPublicKey, false, crypto),
  ];
}

async function createRoot(algorithm: KeyAlgorithmName): Promise<{ root: CaCertificate; key: CryptoKey }> {
  const keys = await generateKeyPair(algorithm);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [caNames.root] }, { O: [caNames.organization] }],
      notBefore: caNotBefore,
      notAfter: caNotAfter,
      keys,
      signingAlgorithm: keyAlgorithms[algorithm].signing,
      extensions: await caExtensions(keys.publicKey, keys.publicKey),
    },
    crypto,
  );
  return { root: { cert, pem: cert.toString('pem') }, key: keys.privateKey };
}

async function createIntermediate(root: CaCertificate, rootKey: CryptoKey, algorithm: KeyAlgorithmName): Promise<IssuingCa> {
  const keys = await generateKeyPair(algorithm);
  const rootPublicKey = await root.cert.publicKey.export(crypto);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [{ CN: [caNames.intermediate] }, { O: [caNames.organization] }],
      issuer: root.cert.subjectName,
      notBefore: caNotBefore,
      notAfter: caNotAfter,
      publicKey: keys.publicKey,
      signingKey: rootKey,
      signingAlgorithm: keyAlgorithms[algorithmOfKey(rootKey)].signing,
      extensions: await caExtensions(keys.publicKey, rootPublicKey, 0),
    },
    crypto,
  );
  return { cert, pem: cert.toString('pem'), privateKey: keys.privateKey, algorithm };
}

function readPair(dir: string, certFile: string, keyFile: string): { certPem: string; keyPem: string } | undefined {
  const certPath = join(dir, certFile);
  const keyPath = join(dir, keyFile);
  if (!existsSync(certPath) || !existsSync(keyPath)) return undefined;
  return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}

async function writePair(dir: string, certFile: string, keyFile: string, pem: string, key: CryptoKey): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, certFile), pem);
  writeFileSync(join(dir, keyFile), await exportPrivateKeyPem(key), { mode: 0o600 });
}

async function loadIssuing(pair: { certPem: string; keyPem: string }, root: CaCertificate): Promise<IssuingCa | undefined> {
  const cert = new x509.X509Certificate(pair.certPem);
  if (cert.issuer !== root.cert.subject) return undefined;
  const ok = await cert.verify({ publicKey: root.cert.publicKey, signatureOnly: true }, crypto).catch(() => false);
  if (!ok) return undefined;
  const privateKey = await importPrivateKeyPem(pair.keyPem);
  return { cert, pem: cert.toString('pem'), privateKey, algorithm: algorithmOfKey(privateKey) };
}

/**
 * Loads the CA from the data directory, takes the one the user brings, or makes a new one.
 * The root signs only the intermediate; the intermediate signs every leaf, CRL and OCSP answer.
 */
export async function loadOrCreateAuthority(options: AuthorityOptions): Promise<Authority> {
  const { dataDir, keyAlgorithm } = options;
  let root: CaCertificate;
  let rootKey: CryptoKey;

  if (options.caCertPem && options.caKeyPem) {
    const cert = new x509.X509Certificate(options.caCertPem);
    root = { cert, pem: cert.toString('pem') };
    rootKey = await importPrivateKeyPem(options.caKeyPem);
  } else {
    const saved = dataDir ? readPair(dataDir, files.rootCert, files.rootKey) : undefined;
    if (saved) {
      const cert = new x509.X509Certificate(saved.certPem);
      root = { cert, pem: cert.toString('pem') };
      rootKey = await importPrivateKeyPem(saved.keyPem);
    } else {
      ({ root, key: rootKey } = await createRoot(keyAlgorithm));
      if (dataDir) await writePair(dataDir, files.rootCert, files.rootKey, root.pem, rootKey);
    }
  }

  const savedIntermediate = dataDir ? readPair(dataDir, files.intermediateCert, files.intermediateKey) : undefined;
  let intermediate = savedIntermediate ? await loadIssuing(savedIntermediate, root) : undefined;
  if (!intermediate) {
    intermediate = await createIntermediate(root, rootKey, keyAlgorithm);
    if (dataDir) await writePair(dataDir, files.intermediateCert, files.intermediateKey, intermediate.pem, intermediate.privateKey);
  }
  return { root, intermediate };
}
