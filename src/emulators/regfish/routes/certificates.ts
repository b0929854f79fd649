import { param } from '../../operation-router.js';
import { CsrError } from '../../../ca/csr.js';
import type { EmulatorContext } from '../../../context.js';
import type { CsrInfo } from '../../../ca/csr.js';
import { isDnsName, isWildcard, uniqueNames } from '../../domain-names.js';
import { regfishValidations } from '../dcv.js';
import type { RegfishRoutes } from '../env.js';
import { newCertificateId } from '../ids.js';
import { regfishInferred } from '../inferred.js';
import { findOrder, findOrganization } from '../lookup.js';
import { certificateTimeKey, presentCertificate } from '../presenters.js';
import { findRegfishProduct } from '../products.js';
import { RenderedAnswers, renderedJson } from '../../rendered-answers.js';
import { ok, okBody, okRendered, parseBody, RegfishFailure } from '../respond.js';
import { regfishAnswerSchemas, regfishSchemas } from '../schema-lib.js';

export async function parseRegfishCsr(ctx: EmulatorContext, pem: string): Promise<CsrInfo> {
  try {
    return await ctx.ca.parseCsr(pem);
  } catch (e) {
    if (e instanceof CsrError) throw new RegfishFailure('invalidCertificateRequest', `csr: ${e.message}`);
    throw e;
  }
}

function uniqueCertificateId(ctx: EmulatorContext): string {
  for (;;) {
    const id = newCertificateId(ctx.rng);
    if (!ctx.store.orderIdTaken('regfish', id)) return id;
  }
}

export const certificateRoutes: RegfishRoutes = (app, ctx) => {
  const certificateAnswers = new RenderedAnswers(ctx);
  app.get('regfish.certificate.list', '/tls/certificate', async (c) => {
    const query = regfishSchemas().certificateListQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new RegfishFailure('invalidPayload', `${issue.path.join('.') || 'query'}: ${issue.message}`);
    }
    const { limit = regfishInferred.certificateListLimit, offset = 0 } = query.data;
    const page = ctx.store.ordersPage(c.get('account').id, 'regfish', { limit, offset });
    const out = [];
    for (const order of page.rows) out.push(presentCertificate(ctx.core, await ctx.core.refresh(order)));
    c.header('x-total-count', String(page.total));
    return ok(c, out);
  }, () => ({ summary: "List the account's TLS certificates (one bounded page, oldest first; paging inferred)", query: regfishSchemas().certificateListQuerySchema, response: regfishAnswerSchemas().regfishAnswers['regfish.certificate.list'] }));

  app.get('regfish.certificate.get', '/tls/certificate/:certificate_id', (c) =>
    ctx.core.refreshThen(findOrder(ctx, c, param(c, 'certificate_id')), { poll: true }, (order) => okRendered(c, renderedJson(certificateAnswers, String(order.id), (now) => certificateTimeKey(order, now), () => okBody(presentCertificate(ctx.core, order))))), () => ({ summary: 'Read one TLS certificate (status poll: may move it towards issued)', response: regfishAnswerSchemas().regfishAnswers['regfish.certificate.get'] }));

  app.post('regfish.certificate.create', '/tls/certificate', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().createCertificateSchema, 'invalidCertificateRequest');
    const product = findRegfishProduct(body.sku)!;
    const unicodeName = [body.common_name, ...(body.dns_names ?? [])].find((n) => /[^\x00-\x7f]/.test(n));
    if (unicodeName) throw new RegfishFailure('invalidCertificateRequest', `'${unicodeName}' is an IDN in Unicode; send its punycode form (xn--…)`);
    const commonName = body.common_name.toLowerCase().replace(/\.$/, '');
    if (!isDnsName(commonName, { wildcard: product.wildcard }) || product.wildcard !== isWildcard(commonName)) {
      throw new RegfishFailure('invalidCertificateRequest', `common_name: '${body.common_name}' is not a valid name for ${product.sku}`);
    }
    const dnsNames = body.dns_names ? uniqueNames(body.dns_names) : [commonName];
    const badName = dnsNames.find((n) => !isDnsName(n, { wildcard: product.wildcard }));
    if (badName) throw new RegfishFailure('invalidCertificateRequest', `dns_names: '${badName}' is not a valid DNS name`);

    const account = c.get('account');
    const renewed = body.renewal_of_certificate_id ? findOrder(ctx, c, body.renewal_of_certificate_id) : undefined;
    const org = body.org_id !== undefined ? findOrganization(ctx, c, body.org_id) : undefined;
    const csr = await parseRegfishCsr(ctx, body.csr);
    const staged = product.organization_required && !(org && org.usable);
    const validityDays = body.validity_days ?? regfishInferred.defaultValidityDays(ctx.clock.now());

    const order = await ctx.core.createOrder({
      accountId: account.id,
      vendor: 'regfish',
      publicId: uniqueCertificateId(ctx),
      certificatePublicId: '0',
      product: product.sku,
      level: product.validation_level,
      commonName,
      dnsNames,
      validityDays,
      dcvMethod: body.dcv_method,
      csr,
      state: staged ? 'staged' : 'open',
      organizationId: org?.id ?? null,
      renewalOf: renewed?.id ?? null,
      validations: regfishValidations(ctx.rng, uniqueNames([commonName, ...dnsNames]), body.dcv_method, body.dcv_emails),
      cause: renewed ? `renewal of ${renewed.publicId}` : 'ordered',
    });
    return ok(c, presentCertificate(ctx.core, order));
  }, () => ({ summary: 'Order a TLS certificate', body: regfishSchemas().createCertificateSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.certificate.create'] }));
};
