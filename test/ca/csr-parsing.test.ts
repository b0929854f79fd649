import { describe, expect, it } from 'vitest';
import { CsrError, isDocumentationPlaceholder, parseCsr } from '../../src/ca/csr.js';
import { makeCsr, tamperSignature } from '../support/csr.js';

async function problemOf(text: string): Promise<string> {
  try {
    await parseCsr(text);
    return 'accepted';
  } catch (e) {
    return e instanceof CsrError ? e.problem : `threw ${(e as Error).message}`;
  }
}

describe('CSR parsing and checks', () => {
  it('reads key type, size, subject and SAN names of EC and RSA requests', async () => {
    const ec = await parseCsr(await makeCsr({ commonName: 'A.Example.com', dnsNames: ['a.example.com', 'B.example.com'] }));
    expect(ec).toMatchObject({ keyType: 'EC', keySize: 256, curve: 'P-256', commonName: 'a.example.com', dnsNames: ['a.example.com', 'b.example.com'], signatureAlgorithm: 'SHA-256' });
    const p384 = await parseCsr(await makeCsr({ key: 'ec-p384' }));
    expect(p384).toMatchObject({ keyType: 'EC', keySize: 384, signatureAlgorithm: 'SHA-384' });
    const rsa = await parseCsr(await makeCsr({ key: 'rsa-2048', subject: 'CN=www.example.org, O=Example Org, C=DE' }));
    expect(rsa).toMatchObject({ keyType: 'RSA', keySize: 2048, subject: { CN: 'www.example.org', O: 'Example Org', C: 'DE' } });
    expect(rsa.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('accepts bare base64 and JSON-escaped newlines', async () => {
    const pem = await makeCsr();
    const bare = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    expect(await problemOf(bare)).toBe('accepted');
    expect(await problemOf(pem.replace(/\n/g, '\\n'))).toBe('accepted');
  });

  it('names each problem: not base64, undecodable, bad signature, key size', async () => {
    expect(await problemOf('%%% not base64 %%%')).toBe('not_base64');
    expect(await problemOf('')).toBe('not_base64');
    expect(await problemOf(Buffer.alloc(64, 7).toString('base64'))).toBe('undecodable');
    expect(await problemOf(tamperSignature(await makeCsr()))).toBe('bad_signature');
    expect(await problemOf(await makeCsr({ key: 'rsa-1024' }))).toBe('unsupported_key_size');
    expect(await problemOf(42 as unknown as string)).toBe('undecodable');
  });

  it('recognises documentation placeholders such as MIIC...', () => {
    expect(isDocumentationPlaceholder('-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----')).toBe(true);
    expect(isDocumentationPlaceholder('-----BEGIN CERTIFICATE REQUEST-----\\nMIIC...\\n-----END CERTIFICATE REQUEST-----')).toBe(true);
    expect(isDocumentationPlaceholder('MIIC...')).toBe(true);
    expect(isDocumentationPlaceholder('-----BEGIN CERTIFICATE REQUEST-----\nMIICxyz\n-----END CERTIFICATE REQUEST-----')).toBe(false);
    expect(isDocumentationPlaceholder('garbage')).toBe(false);
  });
});
