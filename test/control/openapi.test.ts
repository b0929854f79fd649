import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { httpClient, startTestServer, type HttpClient } from '../support/server.js';

let mock: MockCaHandle;
let control: HttpClient;

beforeAll(async () => {
  mock = await startTestServer();
  control = httpClient(mock.urls.control);
});
afterAll(() => mock.close());

async function validate(doc: unknown) {
  const validator = new Validator();
  const result = await validator.validate(doc as Parameters<Validator["validate"]>[0]);
  return { valid: result.valid, errors: result.errors, version: validator.version };
}

describe('OpenAPI documents', () => {
  it('lists the documents', async () => {
    const res = await control.get('/api/openapi');
    expect(res.body.documents.map((d: { name: string }) => d.name)).toEqual(['regfish', 'digicert', 'sectigo', 'control']);
  });

  it.each(['regfish', 'digicert', 'sectigo', 'control'])('%s.json is a valid OpenAPI 3.1 document', async (name) => {
    const res = await control.get(`/api/openapi/${name}.json`);
    expect(res.status).toBe(200);
    const result = await validate(res.body);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(result.version).toBe('3.1');
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('every vendor operation is in its document, with the zod schema of its body', async () => {
    const doc = (await control.get('/api/openapi/regfish.json')).body;
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const op of mock.server.operations.regfish) expect(ids.some((id) => id === op.operation || id.startsWith(`${op.operation}.`))).toBe(true);
    const reissue = doc.paths['/tls/certificate/{certificate_id}/reissue'].post;
    expect(reissue.summary).toBeTruthy();
    expect(reissue.parameters).toEqual([{ name: 'certificate_id', in: 'path', required: true, schema: { type: 'string' } }]);
    const schema = reissue.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['csr', 'dcv_method']);
    expect(schema.properties.dcv_method.enum).toEqual(['dns-cname-token', 'email']);
    expect(doc.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.servers[0].url).toBe(mock.urls.regfish);
  });

  it('the Sectigo document describes form bodies', async () => {
    const doc = (await control.get('/api/openapi/sectigo.json')).body;
    // The ACME server on the same port (under /v2/DV) takes JWS bodies.
    const bodies = Object.entries(doc.paths as Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>)
      .filter(([path]) => !path.startsWith('/v2/'))
      .flatMap(([, p]) => Object.values(p))
      .filter((o) => o.requestBody);
    for (const op of bodies) expect(Object.keys(op.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
  });

  it('the control document describes the scenario shape', async () => {
    const doc = (await control.get('/api/openapi/control.json')).body;
    const schema = doc.paths['/api/scenarios'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'description', 'account', 'rules']));
    expect(doc.paths['/api/journal/{id}'].get.parameters[0].schema.pattern).toBe('^[0-9]+$');
  });

  it('the validator really validates (a broken document is refused)', async () => {
    const doc = (await control.get('/api/openapi/regfish.json')).body;
    delete doc.info;
    expect((await validate(doc)).valid).toBe(false);
    const doc2 = (await control.get('/api/openapi/regfish.json')).body;
    doc2.paths['/tls/products'].get.responses = { '200': {} };
    expect((await validate(doc2)).valid).toBe(false);
  });

  it('an unknown document is 404', async () => {
    expect((await control.get('/api/openapi/nope.json')).status).toBe(404);
  });
});
