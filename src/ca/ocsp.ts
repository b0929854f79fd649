import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier, Certificate, CRLReason, Extension } from '@peculiar/asn1-x509';
import { crypto, keyAlgorithms } from './algorithms.js';
import type { IssuingCa } from './authority.js';
import { normalizeSerial, type OcspCertStatus, type OcspLookup } from './ocsp-status.js';
import { x509 } from './x509.js';

export { normalizeSerial, ocspContentTypes, type OcspCertStatus, type OcspLookup } from './ocsp-status.js';

const hashOids: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithm identifiers of what the issuing CA signs with (SHA-256 in every case). */
const signatureAlgorithms = {
  ec: new AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' }),
  rsa: new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: new Uint8Array([5, 0]).buffer }),
};

/** How long a client may cache an answer. */
const answerLifetimeMs = 3600_000;

const digest = (alg: string, data: ArrayBuffer) => createHash(alg).update(Buffer.from(data)).digest();

/**
 * An OCSP responder for one issuing CA (RFC 6960): the CA itself signs every answer, the
 * responder id is the hash of its key, and the CA certificate rides along so clients can check
 * the signature without fetching anything.
 */
export class OcspResponder {
  private readonly issuerName: ArrayBuffer;
  private readonly issuerKey: ArrayBuffer;
  private readonly issuerAsn: Certificate;

  constructor(private readonly issuer: IssuingCa) {
    this.issuerAsn = AsnConvert.parse(issuer.der, Certificate);
    this.issuerName = AsnConvert.serialize(this.issuerAsn.tbsCertificate.subject);
    this.issuerKey = this.issuerAsn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey;
  }

  /** Is this CertID about a certificate our issuing CA signed? */
  private issuedByUs(id: CertID): boolean {
    const alg = hashOids[id.hashAlgorithm.algorithm];
    if (!alg) return false;
    const nameHash = Buffer.from(id.issuerNameHash.buffer);
    const keyHash = Buffer.from(id.issuerKeyHash.buffer);
    return nameHash.equals(digest(alg, this.issuerName)) && keyHash.equals(digest(alg, this.issuerKey));
  }

  private certStatus(id: CertID, lookup: OcspLookup): CertStatus {
    const answer: OcspCertStatus = this.issuedByUs(id) ? lookup(normalizeSerial(Buffer.from(id.serialNumber).toString('hex'))) : { status: 'unknown' };
    switch (answer.status) {
      case 'good':
        return new CertStatus({ good: null });
      case 'revoked':
        return new CertStatus({
          revoked: new RevokedInfo({
            revocationTime: answer.revokedAt,
            ...(answer.reason !== undefined ? { revocationReason: new CRLReason(answer.reason) } : {}),
          }),
        });
      case 'unknown':
        return new CertStatus({ unknown: null });
    }
  }

  /** Answers a DER OCSPRequest with a DER OCSPResponse (malformedRequest when it does not parse). */
  async respond(requestDer: Uint8Array, lookup: OcspLookup, now: Date): Promise<Uint8Array<ArrayBuffer>> {
    let request: OCSPRequest;
    try {
      request = AsnConvert.parse(requestDer, OCSPRequest);
      if (request.tbsRequest.requestList.length === 0) throw new Error('no requests');
    } catch {
      return statusOnly(OCSPResponseStatus.malformedRequest);
    }
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const nextUpdate = new Date(thisUpdate.getTime() + answerLifetimeMs);
    const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
    const data = new ResponseData({
      responderID: new ResponderID({ byKey: new OctetString(digest('sha1', this.issuerKey)) }),
      producedAt: thisUpdate,
      responses: request.tbsRequest.requestList.map(
        (r) => new SingleResponse({ certID: r.reqCert, certStatus: this.certStatus(r.reqCert, lookup), thisUpdate, nextUpdate }),
      ),
      ...(nonce ? { responseExtensions: [new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: nonce.extnValue })] } : {}),
    });
    const tbs = AsnConvert.serialize(data);
    const ec = this.issuer.algorithm === 'ec-p256';
    const signing = keyAlgorithms[this.issuer.algorithm].signing;
    let signature = await crypto.subtle.sign(signing, await this.issuer.cryptoKey(), tbs);
    if (ec) signature = new x509.AsnEcSignatureFormatter().toAsnSignature({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyAlgorithm, signature)!;
    const basic = new BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: ec ? signatureAlgorithms.ec : signatureAlgorithms.rsa,
      signature,
      certs: [this.issuerAsn],
    });
    const response = new OCSPResponse({
      responseStatus: OCSPResponseStatus.successful,
      responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
    });
    return new Uint8Array(AsnConvert.serialize(response));
  }
}

function statusOnly(status: OCSPResponseStatus): Uint8Array<ArrayBuffer> {
  return new Uint8Array(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
}
