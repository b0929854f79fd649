import { x509 } from './x509.js';
import { crypto } from './algorithms.js';

/** Why a CSR was refused; each vendor turns these into its own error. */
export type CsrProblem =
  | 'not_base64'
  | 'undecodable'
  | 'bad_signature'
  | 'unsupported_algorithm'
  | 'unsupported_key_size'
  | 'missing_common_name';

export class CsrError extends Error {
  constructor(
    readonly problem: CsrProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface CsrInfo {
  pem: string;
  publicKey: x509.PublicKey;
  keyType: 'RSA' | 'EC';
  /** RSA modulus bits, or the EC curve size. */
  keySize: number;
  curve?: string;
  signatureAlgorithm: string;
  commonName?: string;
  dnsNames: string[];
  /** Short-name -> first value, e.g. { CN, O, C }. */
  subject: Record<string, string>;
}

const pemHeader = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----|-----END (NEW )?CERTIFICATE REQUEST-----/g;
const base64Body = /^[A-Za-z0-9+/=\s]+$/;

const curveSizes: Record<string, number> = { 'P-256': 256, 'P-384': 384 };
const minRsaBits = 2048;
const maxRsaBits = 8192;

function decode(text: string): ArrayBuffer {
  const body = text.replace(/\\n/g, '\n').replace(pemHeader, '').trim();
  if (!body || !base64Body.test(body)) throw new CsrError('not_base64', 'The CSR is not valid Base-64 data');
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (der.byteLength < 32) throw new CsrError('undecodable', 'The CSR cannot be decoded');
  return Uint8Array.from(der).buffer;
}

function subjectOf(csr: x509.Pkcs10CertificateRequest): Record<string, string> {
  const subject: Record<string, string> = {};
  for (const rdn of csr.subjectName.toJSON()) {
    for (const [key, values] of Object.entries(rdn)) {
      if (values[0] !== undefined && subject[key] === undefined) subject[key] = values[0];
    }
  }
  return subject;
}

function sanDnsNames(csr: x509.Pkcs10CertificateRequest): string[] {
  const san = csr.extensions.find((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension);
  if (!san) return [];
  return san.names.items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase());
}

/**
 * Parses a PEM (or bare base64) PKCS#10 request, checks its key and its signature.
 * Accepts RSA 2048..8192 bits and EC P-256/P-384, as public CAs do.
 */
export async function parseCsr(text: string): Promise<CsrInfo> {
  if (typeof text !== 'string') throw new CsrError('undecodable', 'The CSR cannot be decoded');
  const der = decode(text);
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(der);
  } catch {
    throw new CsrError('undecodable', 'The CSR cannot be decoded');
  }

  const alg = csr.publicKey.algorithm as RsaHashedKeyAlgorithm & EcKeyAlgorithm;
  let keyType: 'RSA' | 'EC';
  let keySize: number;
  let curve: string | undefined;
  if (alg.name === 'ECDSA' || alg.name === 'ECDH') {
    keyType = 'EC';
    curve = alg.namedCurve;
    const size = curveSizes[curve];
    if (!size) throw new CsrError('unsupported_algorithm', `The CSR uses an unsupported elliptic curve (${curve})`);
    keySize = size;
  } else if (alg.name === 'RSASSA-PKCS1-v1_5' || alg.name === 'RSA-PSS' || alg.name === 'RSA-OAEP') {
    keyType = 'RSA';
    keySize = alg.modulusLength;
    if (keySize < minRsaBits || keySize > maxRsaBits) {
      throw new CsrError('unsupported_key_size', `The CSR uses an unsupported key size (${keySize} bits)`);
    }
  } else {
    throw new CsrError('unsupported_algorithm', `The CSR uses an unsupported key algorithm (${alg.name})`);
  }

  let signatureOk: boolean;
  try {
    signatureOk = await csr.verify(crypto);
  } catch {
    throw new CsrError('unsupported_algorithm', 'The CSR uses an unsupported signature algorithm');
  }
  if (!signatureOk) throw new CsrError('bad_signature', 'The CSR has an invalid signature');

  const subject = subjectOf(csr);
  return {
    pem: csr.toString('pem'),
    publicKey: csr.publicKey,
    keyType,
    keySize,
    curve,
    signatureAlgorithm: (csr.signatureAlgorithm as Algorithm & { hash?: Algorithm }).hash?.name ?? csr.signatureAlgorithm.name,
    commonName: subject.CN?.toLowerCase(),
    dnsNames: sanDnsNames(csr),
    subject,
  };
}

/** The public key of a CSR that was already checked at order time. */
export function csrPublicKey(pem: string): x509.PublicKey {
  return new x509.Pkcs10CertificateRequest(pem).publicKey;
}
