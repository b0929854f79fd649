import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import { makeCsr } from '../../support/csr.js';
import { openssl, opensslVerify, pemBlocks } from '../../support/openssl.js';
import { expectError, order, orderIssued, startDigicert, unzipStored, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert();
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const text = async (path: string) => {
  const res = await t.api.raw(path);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('GET /certificate/{id}/download/format/{format}', () => {
  it('pem_all is exactly leaf + intermediate + root, and verifies with openssl', async () => {
    const { certificateId } = await orderIssued(t.api, { common_name: 'dl.example.org', dns_names: ['dl.example.org', 'www.dl.example.org'] });
    const res = await text(`/certificate/${certificateId}/download/format/pem_all`);
    expect(res.type).toBe('application/x-pem-file');
    const blocks = pemBlocks(res.body);
    expect(blocks).toHaveLength(3);
    expect(res.body.split(/END CERTIFICATE-----\r?\n/).filter((s) => s.trim()).length).toBe(3);
    expect(blocks[1]).toBe(pemBlocks(t.mock.ca.intermediatePem)[0]);
    expect(blocks[2]).toBe(pemBlocks(t.mock.ca.rootPem)[0]);
    expect(opensslVerify(blocks[2], blocks[1], blocks[0], ['-purpose', 'sslserver']).ok).toBe(true);
    const leaf = new x509.X509Certificate(blocks[0]);
    const san = leaf.getExtension(x509.SubjectAlternativeNameExtension)!;
    expect(san.names.items.map((n) => n.value)).toEqual(['dl.example.org', 'www.dl.example.org']);
  });

  it('pem_noroot is end entity + intermediate, pem_nointermediate the end entity only, crt the leaf', async () => {
    const { certificateId } = await orderIssued(t.api);
    const blocksOf = async (f: string) => pemBlocks((await text(`/certificate/${certificateId}/download/format/${f}`)).body);
    const all = await blocksOf('pem_all');
    expect(await blocksOf('pem_noroot')).toEqual(all.slice(0, 2));
    expect(await blocksOf('pem')).toEqual(all.slice(0, 2));
    expect(await blocksOf('pem_nointermediate')).toEqual([all[0]]);
    expect(await blocksOf('crt')).toEqual([all[0]]);
  });

  it('the Glossary formats: zips of PEM files (default, default_pem, default_cer: root, intermediate, end entity; apache: no root)', async () => {
    const { certificateId } = await orderIssued(t.api, { common_name: 'zip.example.org' });
    const all = pemBlocks((await text(`/certificate/${certificateId}/download/format/pem_all`)).body);
    const zipOf = async (f: string) => {
      const res = await t.api.raw(`/certificate/${certificateId}/download/format/${f}`);
      expect(res.headers.get('content-type'), f).toBe('application/zip');
      return unzipStored(Buffer.from(await res.arrayBuffer()));
    };
    const pemsOf = (files: Map<string, Buffer>) => [...files.values()].map((b) => pemBlocks(b.toString()));
    for (const [format, ext] of [['default', 'crt'], ['default_pem', 'crt'], ['default_cer', 'cer']] as const) {
      const files = await zipOf(format);
      expect([...files.keys()], format).toEqual([`zip_example_org.${ext}`, `DigiCertCA.${ext}`, `TrustedRoot.${ext}`]);
      expect(pemsOf(files), format).toEqual([[all[0]], [all[1]], [all[2]]]);
    }
    const apache = await zipOf('apache');
    expect([...apache.keys()]).toEqual(['zip_example_org.crt', 'DigiCertCA.crt']);
    expect(pemsOf(apache)).toEqual([[all[0]], [all[1]]]);
    expect(pemBlocks((await zipOf('nginx')).get('zip_example_org.crt')!.toString())).toEqual(all.slice(0, 2));
  });

  it('cer and p7b are one PEM P7B bundle of root, intermediate and end entity', async () => {
    const { certificateId } = await orderIssued(t.api, { common_name: 'p7.example.org' });
    const all = pemBlocks((await text(`/certificate/${certificateId}/download/format/pem_all`)).body);
    for (const format of ['cer', 'p7b']) {
      const res = await text(`/certificate/${certificateId}/download/format/${format}`);
      expect(res.type).toBe('application/x-pkcs7-certificates');
      expect(res.body.startsWith('-----BEGIN PKCS7-----')).toBe(true);
      const printed = openssl(['pkcs7', '-print_certs', '-in', '{c.p7b}'], { 'c.p7b': res.body });
      expect(printed.status).toBe(0);
      expect(new Set(pemBlocks(printed.stdout))).toEqual(new Set(all));
    }
  });

  it('platform 29 (what Netflix Lemur downloads) is the PEM bundle pem_all', async () => {
    const { certificateId } = await orderIssued(t.api);
    const all = await text(`/certificate/${certificateId}/download/format/pem_all`);
    const lemur = await text(`/certificate/${certificateId}/download/platform/29`);
    expect(lemur).toEqual(all);
    expect(pemBlocks(lemur.body)).toHaveLength(3);
  });

  it('platform downloads are zip bundles', async () => {
    const { certificateId } = await orderIssued(t.api);
    for (const path of [`/certificate/${certificateId}/download/platform`, `/certificate/${certificateId}/download/platform/nginx`]) {
      const res = await t.api.raw(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
    }
  });

  it('an unknown format, a pending certificate and an unknown id answer DigiCert errors', async () => {
    const { certificateId } = await orderIssued(t.api);
    expectError(await t.api.get(`/certificate/${certificateId}/download/format/jpeg`), 400, 'invalid_download_format');
    const pending = await order(t.api, { common_name: 'p.pending.test' });
    const certId = (await t.api.get(`/order/certificate/${pending.id}`)).body.certificate.id;
    expectError(await t.api.get(`/certificate/${certId}/download/format/pem_all`), 400, 'certificate_not_issued');
    expectError(await t.api.get('/certificate/11111111/download/format/pem_all'), 404, 'not_found|certificate');
    expectError(await t.other.get(`/certificate/${certificateId}/download/format/pem_all`), 404, 'not_found|certificate');
  });

  it('downloads by order id return the active certificate only (not the duplicate)', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'dup.example.org' });
    const dup = await t.api.post(`/order/certificate/${id}/duplicate`, { certificate: { common_name: 'dup.example.org', csr: await makeCsr({ commonName: 'dup.example.org', key: 'ec-p384' }) } });
    expect(dup.status).toBe(201);
    await t.api.get(`/order/certificate/${id}`);
    const duplicates = (await t.api.get(`/order/certificate/${id}/duplicate`)).body.certificates;
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ common_name: 'dup.example.org', status: 'issued' });
    expect(duplicates[0].id).not.toBe(certificateId);
    const byOrder = await text(`/certificate/download/order/${id}/format/pem_all`);
    const byCert = await text(`/certificate/${certificateId}/download/format/pem_all`);
    expect(byOrder.body).toBe(byCert.body);
    expect((await t.api.get(`/order/certificate/${id}`)).body.has_duplicates).toBe(true);
    expectError(await t.api.get('/certificate/download/order/12345678/format/pem'), 404, 'not_found|order');
  });
});

describe('GET /certificate/{id}/chain', () => {
  it('lists leaf, intermediate and root with their subject common names', async () => {
    const { certificateId } = await orderIssued(t.api, { common_name: 'chain.example.org' });
    const res = await t.api.get(`/certificate/${certificateId}/chain`);
    expect(res.status).toBe(200);
    expect(res.body.intermediates.map((i: { subject_common_name: string }) => i.subject_common_name)).toEqual([
      'chain.example.org',
      'mockca TEST Issuing CA - DO NOT TRUST',
      'mockca TEST Root CA - DO NOT TRUST',
    ]);
    expect(pemBlocks(res.body.intermediates[2].pem)[0]).toBe(pemBlocks(t.mock.ca.rootPem)[0]);
  });
});

describe('PUT /certificate/{id}/revoke', () => {
  it('creates a revoke request (201); approving it revokes the certificate, not the order', async () => {
    const { id, certificateId } = await orderIssued(t.api);
    const res = await t.api.put(`/certificate/${certificateId}/revoke`, { comments: 'compromised', revocation_reason: 'keyCompromise' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), type: 'revoke', status: 'pending', comments: 'compromised', requester: { email: 'dana.demo@example.com' } });
    expectError(await t.api.put(`/certificate/${certificateId}/revoke`, {}), 400, 'invalid_order_status');
    await t.api.put(`/request/${res.body.id}/status`, { status: 'approved' });
    expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('issued');
    const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
    expect((await t.control.get(`/api/certificates/${serial}`)).body).toMatchObject({ status: 'revoked', revocation_reason: 1 });
  });

  it('with skip_approval answers 204 and revokes at once; also by serial number', async () => {
    const { id } = await orderIssued(t.api);
    const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
    const res = await t.api.put(`/certificate/${serial}/revoke`, { skip_approval: true, revocation_reason: 'superseded' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('issued');
    const status = (await t.control.get(`/api/certificates/${serial}`)).body;
    expect(status).toMatchObject({ status: 'revoked', revocation_reason: 4 });
    expectError(await t.api.put(`/certificate/${serial}/revoke`, { skip_approval: true }), 400, 'invalid_order_status');
  });

  it('a pending certificate cannot be revoked; an unknown one is 404', async () => {
    const pending = await order(t.api, { common_name: 'x.pending.test' });
    const certId = (await t.api.get(`/order/certificate/${pending.id}`)).body.certificate.id;
    expectError(await t.api.put(`/certificate/${certId}/revoke`, { skip_approval: true }), 400, 'invalid_order_status');
    expectError(await t.api.put('/certificate/22222222/revoke', {}), 404, 'not_found|certificate');
    expectError(await t.api.put(`/certificate/${certId}/revoke`, { revocation_reason: 'boredom' }), 400, 'invalid_param|revocation_reason');
  });
});
