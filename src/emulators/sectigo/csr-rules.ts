import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { CsrError, type CsrInfo, type CsrProblem } from '../../ca/csr.js';
import { x509Lib } from '../../ca/x509-lib.js';
import type { EmulatorContext } from '../../context.js';
import { isDnsName } from '../domain-names.js';
import { isoCountries } from './countries.js';
import { SectigoFailure } from './errors.js';
import { sectigoInferred } from './inferred.js';
import type { SectigoProduct } from './products.js';

/** The CSR problems of the shared parser, as Sectigo numbers them. */
export const csrProblemCodes = {
  not_base64: -9,
  undecodable: -10,
  unsupported_algorithm: -11,
  bad_signature: -12,
  unsupported_key_size: -13,
  missing_common_name: -8,
} as const satisfies Record<CsrProblem, number>;

/** Parses the CSR with the shared parser; anything wrong is the Sectigo CSR code. */
export async function parseSectigoCsr(ctx: EmulatorContext, text: string): Promise<CsrInfo> {
  try {
    return await ctx.ca.parseCsr(text);
  } catch (e) {
    if (e instanceof CsrError) throw new SectigoFailure(csrProblemCodes[e.problem], 'csr', e.message);
    throw e;
  }
}

/** The request in DER, straight from its PEM: what the CSR-hash DCV values are hashes of. */
export function csrDer(csr: Pick<CsrInfo, 'pem'>): Buffer {
  return Buffer.from(csr.pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function csrHashes(csr: Pick<CsrInfo, 'pem'>): { md5: string; sha1: string; sha256: string } {
  const der = csrDer(csr);
  const hex = (alg: string) => createHash(alg).update(der).digest('hex').toUpperCase();
  return { md5: hex('md5'), sha1: hex('sha1'), sha256: hex('sha256') };
}

/** The key as the x509 library encodes it, per request (a CSR sent again is not decoded again: copies share `der`). */
const spkiByRequest = new WeakMap<Buffer, Buffer>();

export function csrSpki(csr: CsrInfo): Buffer {
  let spki = spkiByRequest.get(csr.der);
  if (!spki) {
    spki = Buffer.from(new (x509Lib().Pkcs10CertificateRequest)(csr.pem).publicKey.rawData);
    spkiByRequest.set(csr.der, spki);
  }
  return spki;
}

/** Keys "believed to have been compromised": the emulator CA's own keys (their holders are not subscribers). */
function isCompromised(ctx: EmulatorContext, spki: Buffer): boolean {
  const { root, intermediate } = ctx.ca.authority;
  return [root, intermediate].some((ca) => ca.parts.spki.equals(spki));
}

const privateV4 = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

export function isPublicIp(name: string): boolean {
  const v = isIP(name);
  if (v === 4) return !privateV4.some((r) => r.test(name));
  if (v === 6) return !/^(::1$|fc|fd|fe8|fe9|fea|feb)/i.test(name);
  return false;
}

/** A name that resolves on the Internet: a DNS name whose TLD is not an internal one. */
function isPublicFqdn(name: string): boolean {
  if (!isDnsName(name, { wildcard: true })) return false;
  const tld = name.replace(/\.$/, '').split('.').pop() ?? '';
  return !(sectigoInferred.internalTlds as readonly string[]).includes(tld.toLowerCase());
}

/** What every CSR-taking endpoint checks besides the parser: key compromise, country, common name. */
export function checkCsrSubject(ctx: EmulatorContext, csr: CsrInfo): string {
  if (isCompromised(ctx, csrSpki(csr))) throw new SectigoFailure(-40, 'csr', 'the CSR uses the emulator CA key');
  const cn = csr.commonName?.trim();
  if (!cn) throw new SectigoFailure(-8, 'csr', 'the CSR has no common name');
  const country = csr.subject.C;
  if (country !== undefined && !isoCountries.has(country.toUpperCase())) throw new SectigoFailure(-7, country);
  return cn.toLowerCase();
}

/** The common-name rules of a product (AutoApply*, AutoReplaceSSL; DecodeCSR when it names a product). */
export function checkCommonName(cn: string, product: SectigoProduct): void {
  if (isUnicodeName(cn)) throw new SectigoFailure(sectigoInferred.unicodeNameCode, 'csr', `CN ${cn} is a Unicode name (send its punycode form)`);
  if (isIP(cn)) {
    if (!product.intranet) throw new SectigoFailure(-35, 'csr', `CN ${cn} is an IP address`);
    if (isPublicIp(cn)) throw new SectigoFailure(-19, 'csr', `CN ${cn} is an Internet-accessible IP address`);
    return;
  }
  const wildcards = (cn.match(/\*/g) ?? []).length;
  if (product.wildcard && !(wildcards === 1 && cn.startsWith('*.'))) throw new SectigoFailure(-6, 'csr', `${product.name} needs a wildcard CN`);
  if (!product.wildcard && wildcards > 0) throw new SectigoFailure(-5, 'csr', `${product.name} takes no wildcard CN`);
  if (product.intranet) {
    if (isPublicFqdn(cn)) throw new SectigoFailure(-18, 'csr', `CN ${cn} is a public FQDN`);
    if (!/^[a-z0-9.-]+$/.test(cn)) throw new SectigoFailure(-4, 'csr', `CN ${cn} is not a host name`);
    return;
  }
  if (!isDnsName(cn, { wildcard: product.wildcard })) throw new SectigoFailure(-4, 'csr', `CN ${cn} is not a valid domain name`);
}

/** A name with characters outside ASCII: an IDN in Unicode form rather than punycode. */
export const isUnicodeName = (name: string): boolean => /[^\x00-\x7f]/.test(name);

/** DecodeCSR's own common-name codes (-23 http://, -24 https://, -25 characters, -19 public IP). */
export function checkDecodedCommonName(cn: string): void {
  if (/^http:\/\//i.test(cn)) throw new SectigoFailure(-23, 'csr');
  if (/^https:\/\//i.test(cn)) throw new SectigoFailure(-24, 'csr');
  if (isPublicIp(cn)) throw new SectigoFailure(-19, 'csr');
  if (!isIP(cn) && !/^[A-Za-z0-9.*-]+$/.test(cn)) throw new SectigoFailure(-25, 'csr');
}
