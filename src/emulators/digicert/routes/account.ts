import { param } from '../../operation-router.js';
import { v2, type DigicertRoutes } from '../env.js';
import { digicertInferred } from '../inferred.js';
import { presentContainer, presentOrganizationDetails } from '../account-presenters.js';
import { digicertProducts, findDigicertProduct, presentProduct } from '../products.js';
import { serverPlatforms } from '../platforms.js';
import { DigicertFailure, json } from '../respond.js';
import { digicertResponses } from '../schema-lib.js';

const hashTypes = [
  { id: 'sha256', name: 'SHA-256' },
  { id: 'sha384', name: 'SHA-384' },
  { id: 'sha512', name: 'SHA-512' },
];

export const accountRoutes: DigicertRoutes = (app, ctx) => {
  app.get('digicert.product.list', `${v2}/product`, (c) => json(c, { products: digicertProducts.map((p) => ({ group_name: p.group_name, ...presentProduct(p) })) }), () => ({
    summary: 'List products',
    response: digicertResponses().productListResponse,
  }));

  app.get(
    'digicert.product.get',
    `${v2}/product/:name_id`,
    (c) => {
      const p = findDigicertProduct(param(c, 'name_id'));
      if (!p) throw new DigicertFailure('not_found|product', `no product ${param(c, 'name_id')}`);
      return json(c, {
        group_name: p.group_name,
        ...presentProduct(p),
        allowed_validity_years: [1],
        allowed_order_validity_years: Array.from({ length: digicertInferred.maxOrderYears }, (_, i) => i + 1),
        signature_hash_types: { allowed_hash_types: hashTypes, default_hash_type_id: 'sha256' },
        allow_dcv_method_change: true,
        duplicates_allowed: true,
        additional_dns_names_allowed: p.wildcard !== 'required',
        increased_compatibility_allowed: false,
        custom_expiration_date_allowed: true,
        allow_auto_renew: true,
        server_platforms: serverPlatforms.filter((x) => x.id !== -1),
        allows_wildcard: p.wildcard !== 'no',
        wildcard_required: p.wildcard === 'required',
        is_org_required: p.validation_type !== 'dv',
        csr_required: true,
        license_agreement: 'mockca test product: nothing to agree to.',
      });
    },
    () => ({ summary: 'Product info', response: digicertResponses().productResponse }),
  );

  app.get('digicert.organization.list', `${v2}/organization`, (c) => {
    const account = c.get('account');
    return json(c, { organizations: ctx.store.organizationsOf(account.id).map((o) => presentOrganizationDetails(o, account)) });
  }, () => ({ summary: 'List organizations', response: digicertResponses().organizationListResponse }));

  app.get(
    'digicert.organization.get',
    `${v2}/organization/:organization_id`,
    (c) => {
      const account = c.get('account');
      const org = ctx.store.organizationByPublicId(account.id, param(c, 'organization_id'));
      if (!org) throw new DigicertFailure('not_found|organization', `no organization ${param(c, 'organization_id')}`);
      return json(c, presentOrganizationDetails(org, account));
    },
    () => ({ summary: 'Organization info', response: digicertResponses().organizationResponse }),
  );

  const container = (account: Parameters<typeof presentContainer>[0]) => ({ ...presentContainer(account), description: '', allowed_domain_names: [] as string[] });
  app.get('digicert.container.list', `${v2}/container`, (c) => json(c, { containers: [container(c.get('account'))] }), () => ({ summary: 'List containers', response: digicertResponses().containerListResponse }));
  app.get(
    'digicert.container.get',
    `${v2}/container/:container_id`,
    (c) => {
      const mine = container(c.get('account'));
      if (String(mine.id) !== param(c, 'container_id')) throw new DigicertFailure('not_found|container', `no container ${param(c, 'container_id')}`);
      return json(c, mine);
    },
    () => ({ summary: 'Container info', response: digicertResponses().containerResponse }),
  );
};
