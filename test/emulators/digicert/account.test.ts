import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { digicertProducts } from '../../../src/emulators/digicert/products.js';
import { expectError, startDigicert, type DigicertTestContext } from './support.js';

let t: DigicertTestContext;
beforeAll(async () => {
  t = await startDigicert();
});
afterAll(() => t.mock.close());
beforeEach(() => t.mock.reset());

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe('products', () => {
  it('GET /product lists every product, ssl_dv_geotrust_flex among them; unknown is not_found|product', async () => {
    const list = await t.api.get('/product');
    expect(list.body.products.length).toBe(digicertProducts.length);
    expect(list.body.products.find((p: { name_id: string }) => p.name_id === 'ssl_dv_rapidssl')).toMatchObject({ type: 'dv_ssl_certificate', validation_type: 'dv' });
    expect(list.body.products.find((p: { name_id: string }) => p.name_id === 'ssl_dv_geotrust_flex')).toEqual({
      group_name: 'dv_ssl_certificate', name_id: 'ssl_dv_geotrust_flex', name: 'GeoTrust DV SSL', type: 'dv_ssl_certificate', validation_type: 'dv', validation_name: 'DV', validation_description: 'Domain validation',
    });
    expectError(await t.api.get('/product/nope'), 404, 'not_found|product');
  });

  it('GET /product/{name_id} carries server_platforms, the *_allowed flags and allow_auto_renew', async () => {
    const one = (await t.api.get('/product/ssl_ev_basic')).body;
    expect(one).toMatchObject({ name_id: 'ssl_ev_basic', validation_type: 'ev', is_org_required: true, csr_required: true });
    for (const flag of ['duplicates_allowed', 'additional_dns_names_allowed', 'increased_compatibility_allowed', 'custom_expiration_date_allowed', 'allow_auto_renew']) {
      expect(typeof one[flag], flag).toBe('boolean');
    }
    expect(one.server_platforms).toContainEqual({ id: 2, name: 'Apache', install_url: expect.any(String), csr_url: expect.any(String) });
    expect(one.server_platforms).toContainEqual(expect.objectContaining({ id: 45, name: 'nginx' }));
  });
});

describe('organizations and containers', () => {
  it('organizations are per account and carry validations, ev_approvers, assumed_name, address2 and organization_contact', async () => {
    const list = await t.api.get('/organization');
    expect(list.body.organizations).toEqual([expect.objectContaining({ id: 112233, name: 'Demo Co', country: 'us', is_active: true })]);
    const org = (await t.api.get('/organization/112233')).body;
    expect(org).toMatchObject({ city: 'Lehi', assumed_name: 'Demo Co', address2: '', ev_approvers: [] });
    expect(org.organization_contact).toEqual({ first_name: 'Dana', last_name: 'Demo', email: 'dana.demo@example.com', job_title: 'PKI admin', telephone: '+1 801 555 0100' });
    expect(org.validations.map((v: { type: string }) => v.type)).toEqual(['ev', 'ov']);
    expect(org.validations[1]).toEqual({ type: 'ov', name: 'OV', description: 'Normal Organization Validation', date_created: expect.stringMatching(iso), validated_until: expect.stringMatching(iso), status: 'active' });
    expectError(await t.api.get('/organization/334455'), 404, 'not_found|organization');
    expect((await t.other.get('/organization/334455')).body.name).toBe('Other Inc');
  });

  it('containers carry public_id, description and allowed_domain_names', async () => {
    const [container] = (await t.api.get('/container')).body.containers;
    expect(container).toEqual({ id: 44556, name: 'Demo Co', public_id: expect.stringMatching(/^[0-9a-z]{32}$/), parent_id: 0, template_id: 5, ekey: expect.stringMatching(/^[0-9a-z]{28}$/), has_logo: false, is_active: true, description: '', allowed_domain_names: [] });
    expect((await t.api.get('/container/44556')).body).toEqual(container);
    expectError(await t.api.get('/container/1'), 404, 'not_found|container');
  });
});

describe('GET /account, GET /user, GET /user/me (recorded shapes)', () => {
  it('GET /account answers the recorded keys with their types (ent_support_plan a string)', async () => {
    const res = await t.api.get('/account');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual({
      id: 5501234,
      primary_organization_id: 112233,
      primary_organization_name: 'Demo Co',
      primary_organization_country: 'us',
      make_renewal_calls: true,
      express_install_enabled: false,
      display_rep: true,
      rep_photo_id: 0,
      balance_negative_limit: 0,
      root_container_id: 44556,
      cert_transparency: 'embed',
      cert_central_type: 'retail',
      billing_account_id: 5501234,
      billing_account_name: 'Demo Co',
      language_id: 1,
      migrated: false,
      has_auth_key: false,
      client_mgr_photo_id: 0,
      ent_support_plan: '1',
      default_country: 'us',
    });
    expect((await t.readonly.get('/account')).body.id).toBe(5501234);
    expect((await t.other.get('/account')).body.id).toBe(5509876);
  });

  it('GET /user?offset=&limit= answers {users, page} with the users of the account', async () => {
    const res = await t.api.get('/user?offset=0&limit=500');
    expect(res.body.page).toEqual({ total: 2, limit: 500, offset: 0 });
    expect(res.body.users.map((u: { username: string }) => u.username)).toEqual(['dana.demo', 'rita.reader']);
    expect(res.body.users[0]).toEqual({
      id: 112233,
      username: 'dana.demo',
      account_id: 5501234,
      first_name: 'Dana',
      last_name: 'Demo',
      email: 'dana.demo@example.com',
      job_title: 'PKI admin',
      telephone: '+1 801 555 0100',
      status: 'active',
      container: expect.objectContaining({ id: 44556, name: 'Demo Co', public_id: expect.any(String), parent_id: 0, template_id: 5, ekey: expect.any(String), has_logo: false, is_active: true }),
      access_roles: [{ id: 1, name: 'Administrator' }],
      type: 'standard',
      has_container_assignments: false,
    });
    const paged = await t.api.get('/user?offset=1&limit=1');
    expect(paged.body).toMatchObject({ page: { total: 2, limit: 1, offset: 1 }, users: [expect.objectContaining({ username: 'rita.reader' })] });
    expect((await t.other.get('/user')).body.users.map((u: { username: string }) => u.username)).toEqual(['olli.other']);
    expectError(await t.api.get('/user?limit=x'), 400, 'invalid_param|limit');
  });

  it('user/me is the user of the key, with the container fields, has_container_assignments and last_login_date', async () => {
    const me = (await t.api.get('/user/me')).body;
    expect(me).toMatchObject({ id: 112233, username: 'dana.demo', account_id: 5501234, access_roles: [{ id: 1, name: 'Administrator' }], has_container_assignments: false });
    expect(me.last_login_date).toMatch(iso);
    expect(Object.keys(me.container).sort()).toEqual(['ekey', 'has_logo', 'id', 'is_active', 'name', 'parent_id', 'public_id', 'template_id']);
    const ro = (await t.readonly.get('/user/me')).body;
    expect(ro).toMatchObject({ id: 112244, account_id: 5501234, access_roles: [{ name: 'View Only' }] });
  });
});
