import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { X509Certificate } from '@peculiar/x509';
import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { algorithmOfKey, crypto, exportPrivateKeyPem, importPrivateKeyPem, type KeyAlgorithmName } from './algorithms.js';
import { buildCertificate, derToPem, extension, keyIdentifier, keyUsageBits, simpleName } from './certificate-der.js';
import { certificateParts, type CertificateParts } from './certificate-parts.js';
import { bool, integer, octets, seq, tlv } from './der.js';
import { caNames } from './names.js';
import { x509Lib } from './x509-lib.js';

export interface CaCertificate {
  der: Buffer;
  pem: string;
  /** Name, key and key id, read from the DER. */
  parts: CertificateParts;
  /** The parsed certificate (@peculiar/x509): made when first read, since a start does not need it. */
  readonly cert: X509Certificate;
}

export interface IssuingCa extends CaCertificate {
  /** The signing key (leaves, CRLs). */
  key: KeyObject;
  /** The same key for WebCrypto (OCSP responses), imported on first use: WebCrypto's first import costs a start about 5 ms. */
  cryptoKey(): Promise<CryptoKey>;
  algorithm: KeyAlgorithmName;
}

function issuing(cert: CaCertificate, key: KeyObject, algorithm: KeyAlgorithmName, imported?: CryptoKey): IssuingCa {
  let cryptoKey: Promise<CryptoKey> | undefined = imported && Promise.resolve(imported);
  // Not spread: that would read (and so parse) `cert`.
  return Object.assign(cert, { key, algorithm, cryptoKey: () => (cryptoKey ??= toCryptoKey(key)) });
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
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function generateNodeKeyPair(algorithm: KeyAlgorithmName): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (algorithm) {
    case 'ec-p256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'rsa-2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsa-4096':
      return generateKeyPairSync('rsa', { modulusLength: 4096 });
  }
}

async function toCryptoKey(key: KeyObject): Promise<CryptoKey> {
  const params: RsaHashedImportParams | EcKeyImportParams =
    key.asymmetricKeyType === 'ec' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return crypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), params, true, ['sign']);
}

/** basicConstraints CA (critical), keyUsage keyCertSign + cRLSign + digitalSignature (critical), SKI, AKI. */
function caExtensions(spki: Buffer, issuerKeyId: Buffer, pathLength?: number): Buffer[] {
  return [
    extension('2.5.29.19', true, pathLength === undefined ? seq(bool(true)) : seq(bool(true), integer(pathLength))),
    extension('2.5.29.15', true, keyUsageBits(0x86)),
    extension('2.5.29.14', false, octets(keyIdentifier(spki))),
    extension('2.5.29.35', false, seq(tlv(0x80, issuerKeyId))),
  ];
}

function caCertificate(der: Buffer, parsed?: X509Certificate): CaCertificate {
  let cert = parsed;
  return {
    der,
    pem: derToPem(der, 'CERTIFICATE'),
    parts: certificateParts(der),
    get cert() {
      return (cert ??= new (x509Lib().X509Certificate)(Uint8Array.from(der)));
    },
  };
}

/** A CA certificate from PEM (brought by the user or kept in the data directory). */
async function parsedCaCertificate(pem: string): Promise<CaCertificate> {
  const { x509 } = await import('./x509.js');
  const cert = new x509.X509Certificate(pem);
  return caCertificate(Buffer.from(cert.rawData), cert);
}

/**
 * CA certificates are built as DER and signed with node:crypto: no ASN.1 object model at start-up.
 * The root's key stays a KeyObject: it signs the intermediate only, and becomes a CryptoKey only to be written.
 */
function createRoot(algorithm: KeyAlgorithmName, names: ChainNames = caNames): { root: CaCertificate; key: KeyObject } {
  const { publicKey, privateKey } = generateNodeKeyPair(algorithm);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = simpleName(names.root, names.organization);
  const der = buildCertificate(
    { serialHex: randomSerial(), issuerName: name, subjectName: name, spki, notBefore: caNotBefore, notAfter: caNotAfter, extensions: caExtensions(spki, keyIdentifier(spki)) },
    privateKey,
  );
  return { root: caCertificate(der), key: privateKey };
}

async function createIntermediate(root: CaCertificate, rootKey: KeyObject, algorithm: KeyAlgorithmName, names: ChainNames = caNames): Promise<IssuingCa> {
  const { publicKey, privateKey } = generateNodeKeyPair(algorithm);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const { subjectName: rootName, spki: rootSpki } = root.parts;
  const der = buildCertificate(
    {
      serialHex: randomSerial(),
      issuerName: rootName,
      subjectName: simpleName(names.intermediate, names.organization),
      spki,
      notBefore: caNotBefore,
      notAfter: caNotAfter,
      extensions: caExtensions(spki, keyIdentifier(rootSpki), 0),
    },
    rootKey,
  );
  return issuing(caCertificate(der), privateKey, algorithm);
}

/** The names of a chain's root and intermediate. */
export interface ChainNames {
  organization: string;
  root: string;
  intermediate: string;
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
  const intermediate = await parsedCaCertificate(pair.certPem);
  const { cert } = intermediate;
  if (cert.issuer !== root.cert.subject) return undefined;
  const ok = await cert.verify({ publicKey: root.cert.publicKey, signatureOnly: true }, crypto).catch(() => false);
  if (!ok) return undefined;
  const privateKey = await importPrivateKeyPem(pair.keyPem);
  return issuing(intermediate, KeyObject.from(privateKey), algorithmOfKey(privateKey), privateKey);
}

/**
 * Loads the CA from the data directory, takes the one the user brings, or makes a new one.
 * The root signs only the intermediate; the intermediate signs every leaf, CRL and OCSP answer.
 */
export async function loadOrCreateAuthority(options: AuthorityOptions): Promise<Authority> {
  const { dataDir, keyAlgorithm } = options;
  let root: CaCertificate;
  let rootKey: KeyObject;

  if (options.caCertPem && options.caKeyPem) {
    root = await parsedCaCertificate(options.caCertPem);
    rootKey = KeyObject.from(await importPrivateKeyPem(options.caKeyPem));
  } else {
    const saved = dataDir ? readPair(dataDir, files.rootCert, files.rootKey) : undefined;
    if (saved) {
      root = await parsedCaCertificate(saved.certPem);
      rootKey = KeyObject.from(await importPrivateKeyPem(saved.keyPem));
    } else {
      ({ root, key: rootKey } = createRoot(keyAlgorithm));
      if (dataDir) await writePair(dataDir, files.rootCert, files.rootKey, root.pem, await toCryptoKey(rootKey));
    }
  }

  const savedIntermediate = dataDir ? readPair(dataDir, files.intermediateCert, files.intermediateKey) : undefined;
  let intermediate = savedIntermediate ? await loadIssuing(savedIntermediate, root) : undefined;
  if (!intermediate) {
    intermediate = await createIntermediate(root, rootKey, keyAlgorithm);
    if (dataDir) await writePair(dataDir, files.intermediateCert, files.intermediateKey, intermediate.pem, await intermediate.cryptoKey());
  }
  return { root, intermediate };
}

/** A chain of its own (root and intermediate, in memory only), e.g. the untrusted one of vendor test orders. */
export async function createAuthority(algorithm: KeyAlgorithmName, names: ChainNames): Promise<Authority> {
  const { root, key } = createRoot(algorithm, names);
  return { root, intermediate: await createIntermediate(root, key, algorithm, names) };
}
