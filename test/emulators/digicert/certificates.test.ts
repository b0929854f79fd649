import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { x509 } from '../../../src/ca/x509.js';
import { makeCsr } from '../../support/csr.js';
import { opensslVerify, pemBlocks } from '../../support/openssl.js';
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

  it('pem_noroot and pem have two blocks, pem_nointermediate leaf + root, crt the leaf only', async () => {
    const { certificateId } = await orderIssued(t.api);
    const count = async (f: string) => pemBlocks((await text(`/certificate/${certificateId}/download/format/${f}`)).body);
    expect(await count('pem_noroot')).toHaveLength(2);
    expect(await count('pem')).toHaveLength(2);
    const noint = await count('pem_nointermediate');
    expect(noint[1]).toBe(pemBlocks(t.mock.ca.rootPem)[0]);
    expect(await count('crt')).toHaveLength(1);
  });

  it('zip bundles hold real files: default/apache (.crt ×3), nginx (bundle), default_cer (DER)', async () => {
    const { certificateId } = await orderIssued(t.api, { common_name: 'zip.example.org' });
    const zipOf = async (f: string) => {
      const res = await t.api.raw(`/certificate/${certificateId}/download/format/${f}`);
      expect(res.headers.get('content-type')).toBe('application/zip');
      return unzipStored(Buffer.from(await res.arrayBuffer()));
    };
    const def = await zipOf('default');
    expect([...def.keys()]).toEqual(['zip_example_org.crt', 'DigiCertCA.crt', 'TrustedRoot.crt']);
    expect(def.get('TrustedRoot.crt')!.toString()).toBe(`${pemBlocks(t.mock.ca.rootPem)[0]}\n`);
    expect(pemBlocks((await zipOf('nginx')).get('zip_example_org.crt')!.toString())).toHaveLength(2);
    const cer = await zipOf('default_cer');
    expect(cer.get('zip_example_org.cer')![0]).toBe(0x30);
    expect((await zipOf('apache')).size).toBe(3);
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
  it('creates a revoke request (201); approving it revokes the certificate', async () => {
    const { id, certificateId } = await orderIssued(t.api);
    const res = await t.api.put(`/certificate/${certificateId}/revoke`, { comments: 'compromised', revocation_reason: 'key_compromise' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), type: 'revoke', status: 'pending', comments: 'compromised', requester: { email: 'dana.demo@example.com' } });
    expectError(await t.api.put(`/certificate/${certificateId}/revoke`, {}), 400, 'invalid_order_status');
    await t.api.put(`/request/${res.body.id}/status`, { status: 'approved' });
    expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('revoked');
  });

  it('with skip_approval answers 204 and revokes at once; also by serial number', async () => {
    const { id } = await orderIssued(t.api);
    const serial = (await t.api.get(`/order/certificate/${id}`)).body.certificate.serial_number;
    const res = await t.api.put(`/certificate/${serial}/revoke`, { skip_approval: true, revocation_reason: 'superseded' });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await t.api.get(`/order/certificate/${id}`)).body.status).toBe('revoked');
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
