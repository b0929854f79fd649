import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { orderListEntryResponse, orderValidationResponse } from '../../../src/emulators/digicert/responses.js';
import { makeCsr } from '../../support/csr.js';
import type { JsonResponse } from '../../support/server.js';
import { addDnsRecord, order, orderIssued, startDigicert, type DigicertTestContext } from './support.js';

/**
 * Every DigiCert operation's answer held against the response schema written from the vendor's
 * documentation and recorded answers (src/emulators/digicert/responses.ts, the same zod schemas
 * the OpenAPI document shows), so a renamed or retyped field fails here.
 */

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert({ vendorIssuance: { digicert: 'dcv' } });
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

/** Operations that answer a file, not JSON. */
const fileOperations = new Set(['digicert.certificate.download', 'digicert.certificate.downloadPlatform', 'digicert.certificate.downloadPlatformNamed', 'digicert.certificate.downloadByOrder']);

const operation = (name: string) => {
  const op = t.mock.server.operations.digicert.find((o) => o.operation === name);
  if (!op) throw new Error(`no operation ${name}`);
  return op;
};

function holds(name: string, res: JsonResponse, status?: number): void {
  const op = operation(name);
  const expected = status ?? op.responseStatus ?? 200;
  expect(res.status, `${name}: ${res.text}`).toBe(expected);
  if (expected === 204) {
    expect(res.text, name).toBe('');
    return;
  }
  expect(res.headers.get('content-type'), name).toBe('application/json');
  const parsed = (op.response as z.ZodType).safeParse(res.body);
  expect(parsed.success, `${name}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`).toBe(true);
}

describe('every DigiCert operation answers what its response schema says', () => {
  it('each JSON operation has a response schema, and the OpenAPI document shows it', async () => {
    const ops = t.mock.server.operations.digicert;
    const doc = (await t.control.get('/api/openapi/digicert.json')).body;
    for (const op of ops) {
      // the ACME front end on the same listener answers RFC 8555 documents, not the Services API
      if (fileOperations.has(op.operation) || op.responseStatus === 204 || op.operation.startsWith('digicert.acme.')) continue;
      expect(op.response, op.operation).toBeDefined();
      const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const documented = doc.paths[path][op.method.toLowerCase()].responses[String(op.responseStatus ?? 200)];
      expect(documented.content['application/json'].schema, op.operation).toBeTypeOf('object');
    }
  });

  it('orders: create, get, list, validation, email validation, check-dcv, random value, dcv method, status changes', async () => {
    holds('digicert.order.list', await t.other.get('/order/certificate'));
    const created = await t.api.post('/order/certificate/ssl_basic', {
      certificate: { common_name: 'c.example.org', dns_names: ['c.example.org', 'www.c.example.org'], csr: await makeCsr({ commonName: 'c.example.org' }), signature_hash: 'sha256', server_platform: { id: 2 } },
      organization: { id: 112233 },
      dcv_method: 'dns-txt-token',
      skip_approval: true,
    });
    holds('digicert.order.create', created);
    const id = created.body.id;
    holds('digicert.order.get', await t.api.get(`/order/certificate/${id}?include_caa_status=true`));
    holds('digicert.order.validation', await t.api.get(`/order/certificate/${id}/validation`));
    holds('digicert.order.dcvRandomValue', await t.api.put(`/order/certificate/${id}/dcv-random-value`));
    holds('digicert.order.dcvMethod', await t.api.put(`/order/certificate/${id}/dcv-method`, { dcv_method: 'dns-cname-token' }));
    holds('digicert.order.dcvMethod', await t.api.put(`/order/certificate/${id}/dcv-method`, { dcv_method: 'dns-txt-token' }));
    holds('digicert.order.checkDcv', await t.api.put(`/order/certificate/${id}/check-dcv`));
    const value = (await t.api.put(`/order/certificate/${id}/dcv-random-value`)).body.dcv_random_value;
    await addDnsRecord(t.control, 'c.example.org', 'TXT', value);
    holds('digicert.order.checkDcv', await t.api.put(`/order/certificate/${id}/check-dcv`));
    holds('digicert.order.get', await t.api.get(`/order/certificate/${id}`));
    holds('digicert.order.list', await t.api.get('/order/certificate'));
    holds('digicert.order.list', await t.api.get('/order/certificate?filters[status]=issued&sort=-date_created'));
    holds('digicert.order.validation', await t.api.get(`/order/certificate/${id}/validation`));
    holds('digicert.order.statusChanges', await t.api.get('/order/certificate/status-changes?minutes=60'));

    const mail = await order(t.api, { common_name: 'm.example.org', dcv_method: 'email' });
    holds('digicert.order.emailValidation', await t.api.get(`/order/certificate/${mail.id}/email-validation`));
    holds('digicert.order.resendEmails', await t.api.put(`/order/certificate/${mail.id}/resend-emails`));
    holds('digicert.order.dcvMethod', await t.api.put(`/order/certificate/${mail.id}/dcv-method`, { dcv_method: 'email' }), 204);
    const token = (await t.control.get(`/api/outbox?order_id=${mail.id}`)).body.messages[0].token;
    holds('digicert.emailValidation.validate', await t.api.put(`/email-validation/${token}`));
  });

  it('reissue, duplicate, their lists, chain, revoke and cancel', async () => {
    const { id, certificateId } = await orderIssued(t.api, { common_name: 'r.instant.test' });
    holds('digicert.order.duplicate', await t.api.post(`/order/certificate/${id}/duplicate`, { certificate: { common_name: 'r.instant.test', csr: await makeCsr({ commonName: 'r.instant.test' }) } }));
    holds('digicert.order.duplicates', await t.api.get(`/order/certificate/${id}/duplicate`));
    holds('digicert.order.reissue', await t.api.post(`/order/certificate/${id}/reissue`, { certificate: { common_name: 'r.instant.test', csr: await makeCsr({ commonName: 'r.instant.test' }) } }));
    holds('digicert.order.reissues', await t.api.get(`/order/certificate/${id}/reissue`));
    holds('digicert.certificate.chain', await t.api.get(`/certificate/${certificateId}/chain`));
    holds('digicert.certificate.revoke', await t.api.put(`/certificate/${certificateId}/revoke`, { comments: 'old one', revocation_reason: 'superseded' }));
    const other = await orderIssued(t.api, { common_name: 'o.instant.test' });
    holds('digicert.order.revoke', await t.api.put(`/order/certificate/${other.id}/revoke`, { comment: 'done' }));
    holds('digicert.order.revoke', await t.api.put(`/order/certificate/${(await orderIssued(t.api, { common_name: 'q.instant.test' })).id}/revoke`, { skip_approval: true }), 204);
    const pending = await order(t.api, { common_name: 'p.example.org' });
    holds('digicert.order.cancel', await t.api.put(`/order/certificate/${pending.id}/status`, { status: 'canceled', note: 'not needed' }));
  });

  it('requests: list, info, update', async () => {
    const created = await order(t.api, { common_name: 'n.example.org', skip_approval: false });
    holds('digicert.request.list', await t.api.get('/request'));
    holds('digicert.request.get', await t.api.get(`/request/${created.requests[0].id}`));
    holds('digicert.request.update', await t.api.put(`/request/${created.requests[0].id}/status`, { status: 'approved' }));
    holds('digicert.request.list', await t.api.get('/request?status=approved'));
  });

  it('domains: list, info, emails, dcv method, validate token, resend emails', async () => {
    const created = await order(t.api, { common_name: 'd.example.org' });
    holds('digicert.domain.list', await t.api.get('/domain?include_validation=true&include_dcv=true'));
    const id = created.domains[0].id;
    holds('digicert.domain.get', await t.api.get(`/domain/${id}?include_dcv=true&include_validation=true`));
    holds('digicert.domain.emails', await t.api.get(`/domain/${id}/dcv/emails`));
    holds('digicert.domain.validateToken', await t.api.put(`/domain/${id}/dcv/validate-token`));
    holds('digicert.domain.dcvMethod', await t.api.put(`/domain/${id}/dcv/method`, { dcv_method: 'email' }));
    holds('digicert.domain.dcvEmails', await t.api.put(`/domain/${id}/dcv/emails`, {}));
    holds('digicert.domain.dcvMethod', await t.api.put(`/domain/${id}/dcv/method`, { dcv_method: 'dns-txt-token' }));
    holds('digicert.domain.list', await t.api.get('/domain'));
  });

  it('account: products, organizations, containers, users, user/me, account', async () => {
    holds('digicert.product.list', await t.api.get('/product'));
    holds('digicert.product.get', await t.api.get('/product/ssl_dv_geotrust_flex'));
    holds('digicert.organization.list', await t.api.get('/organization'));
    holds('digicert.organization.get', await t.api.get('/organization/112233'));
    holds('digicert.container.list', await t.api.get('/container'));
    holds('digicert.container.get', await t.api.get('/container/44556'));
    holds('digicert.user.list', await t.api.get('/user?offset=0&limit=500'));
    holds('digicert.user.me', await t.api.get('/user/me'));
    holds('digicert.user.me', await t.readonly.get('/user/me'));
    holds('digicert.account.get', await t.api.get('/account'));
  });
});

describe('the schemas catch what a real client would trip over', () => {
  it('a retyped or renamed recorded field fails the order list entry schema', async () => {
    await orderIssued(t.api, { common_name: 'x.instant.test' });
    const entry = (await t.api.get('/order/certificate')).body.orders[1];
    expect(orderListEntryResponse.safeParse(entry).success).toBe(true);
    expect(orderListEntryResponse.safeParse({ ...entry, is_multi_year_plan: 1 }).success).toBe(false);
    const { duplicates_count: _count, ...renamed } = entry;
    expect(orderListEntryResponse.safeParse({ ...renamed, duplicate_count: 0 }).success).toBe(false);
  });

  it('a numeric order_id fails the validation-status schema (the page shows strings)', async () => {
    const created = await order(t.api, { common_name: 'v.example.org' });
    const body = (await t.api.get(`/order/certificate/${created.id}/validation`)).body;
    expect(orderValidationResponse.safeParse(body).success).toBe(true);
    expect(orderValidationResponse.safeParse({ ...body, order_id: Number(body.order_id) }).success).toBe(false);
  });
});
