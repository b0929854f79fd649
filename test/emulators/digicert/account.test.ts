import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert();
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

describe('products, organizations, containers, user/me', () => {
  it('GET /product lists every product; GET /product/{name_id} shows one; unknown is not_found|product', async () => {
    const list = await t.api.get('/product');
    expect(list.body.products.length).toBe(19);
    expect(list.body.products.find((p: { name_id: string }) => p.name_id === 'ssl_dv_rapidssl')).toMatchObject({ type: 'dv_ssl_certificate', validation_type: 'dv' });
    const one = await t.api.get('/product/ssl_ev_basic');
    expect(one.body).toMatchObject({ name_id: 'ssl_ev_basic', validation_type: 'ev', is_org_required: true });
    expectError(await t.api.get('/product/nope'), 404, 'not_found|product');
  });

  it('organizations are per account', async () => {
    const list = await t.api.get('/organization');
    expect(list.body.organizations).toEqual([expect.objectContaining({ id: 112233, name: 'Demo Co', country: 'us', is_active: true })]);
    expect((await t.api.get('/organization/112233')).body.city).toBe('Lehi');
    expectError(await t.api.get('/organization/334455'), 404, 'not_found|organization');
    expect((await t.other.get('/organization/334455')).body.name).toBe('Other Inc');
  });

  it('containers and user/me come from the key', async () => {
    expect((await t.api.get('/container')).body.containers).toEqual([expect.objectContaining({ id: 44556, name: 'Demo Co' })]);
    expect((await t.api.get('/container/44556')).body.id).toBe(44556);
    expectError(await t.api.get('/container/1'), 404, 'not_found|container');
    const me = (await t.api.get('/user/me')).body;
    expect(me).toMatchObject({ id: 112233, username: 'dana.demo', account_id: 5501234, access_roles: [{ name: 'Administrator' }] });
    const ro = (await t.readonly.get('/user/me')).body;
    expect(ro).toMatchObject({ id: 112244, account_id: 5501234, access_roles: [{ name: 'View Only' }] });
  });
});
