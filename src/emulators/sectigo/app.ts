import { Hono, type Context } from 'hono';
import type { EmulatorContext } from '../../context.js';
import { mountAcme } from '../acme/app.js';
import { operationInfo, param, type OperationInfo } from '../operation-router.js';
import { vendorApp } from '../vendor-app.js';
import { dispatch, sendFailure, type KeptReply, type SectigoEndpoint, type SectigoEnv } from './dispatch.js';
import { RenderedAnswers } from '../rendered-answers.js';
import { operationName, resolveFormat, sectigoEndpointNames, sectigoFormats, type SectigoEndpointName } from './endpoints.js';
import { sectigoErrorCatalogue, SectigoFailure } from './errors.js';
import { sectigoRateLimiter } from './rate-limit.js';
import { sectigoAnswerSchemas } from './schema-lib.js';
import { accountEndpoints } from './routes/account.js';
import { applyEndpoints } from './routes/apply.js';
import { collectEndpoints } from './routes/collect.js';
import { dcvEndpoints } from './routes/dcv.js';
import { decodeCsrEndpoints } from './routes/decode-csr.js';
import { orderUpdateEndpoints } from './routes/order-updates.js';
import { otherProductEndpoints } from './routes/other-products.js';
import { refundEndpoints } from './routes/refund.js';
import { reportEndpoints } from './routes/report.js';
import { retryCaaEndpoints } from './routes/retry-caa.js';
import { revokeEndpoints } from './routes/revoke.js';

const endpointGroups = [
  applyEndpoints,
  revokeEndpoints,
  collectEndpoints,
  dcvEndpoints,
  reportEndpoints,
  refundEndpoints,
  retryCaaEndpoints,
  decodeCsrEndpoints,
  accountEndpoints,
  orderUpdateEndpoints,
  otherProductEndpoints,
];

/** `/products/!Endpoint` for most endpoints, `/products/download/CollectSSL` for the collect family. */
export const canonicalPath = (name: SectigoEndpointName): string => (sectigoFormats[name].download ? `/products/download/${name}` : `/products/!${name}`);

/**
 * The Sectigo legacy reseller API: form-urlencoded POSTs authenticated by loginName/loginPassword
 * in the body, answered (always HTTP 200) as newline text, URL-encoded or JSON.
 */
export function createSectigoApp(ctx: EmulatorContext): { app: Hono<SectigoEnv>; operations: OperationInfo[]; resetRateLimits(): void } {
  ctx.vendorErrors.sectigo = sectigoErrorCatalogue;

  const endpoints = new Map<SectigoEndpointName, SectigoEndpoint>();
  for (const group of endpointGroups) for (const e of group) endpoints.set(e.name, e);
  const missingEndpoint = sectigoEndpointNames.find((n) => !endpoints.has(n));
  if (missingEndpoint) throw new Error(`sectigo: endpoint ${missingEndpoint} has no handler`);
  const dispatcher = { endpoints, limiter: sectigoRateLimiter(ctx.clock, () => ctx.config.sectigoRateLimit), answers: new RenderedAnswers<KeptReply>(ctx) };

  const onError = (err: Error, c: Context): Response => {
    ctx.hooks.onUnexpected(err, c);
    const name = ((c.get('operation') as string | undefined) ?? '').replace(/^sectigo\./, '') as SectigoEndpointName;
    const known = endpoints.has(name) ? name : undefined;
    const format = known ? resolveFormat(known, c.req.query('responseFormat')) : 0;
    return sendFailure(c as unknown as Context<SectigoEnv>, known, format, new SectigoFailure(-14, undefined, 'internal error (see the mockca log)'));
  };
  const acmeApp = new Hono();
  acmeApp.onError(onError);
  const acme = mountAcme(acmeApp, ctx, 'sectigo');

  const { app, routes } = vendorApp<SectigoEnv>(ctx, {
    vendor: 'sectigo',
    acme: { owns: acme.owns, app: acmeApp },
    notFound: (c) => c.body(`-14\nUnknown API endpoint '${c.req.path.replace(/[\r\n]/g, '')}'!\n`, 404, { 'content-type': 'text/plain;charset=UTF-8' }),
    onError,
  });
  routes.add('ALL', '/products/download/:name', (c) => dispatch(ctx, c as unknown as Context<SectigoEnv>, dispatcher, param(c, 'name'), 'download'));
  routes.add('ALL', '/products/:name', (c) => dispatch(ctx, c as unknown as Context<SectigoEnv>, dispatcher, param(c, 'name'), 'products'));

  const operations: OperationInfo[] = sectigoEndpointNames.map((name) => {
    const e = endpoints.get(name)!;
    return operationInfo(operationName(name), 'POST', canonicalPath(name), () => ({
      summary: e.summary,
      body: e.form,
      bodyType: 'application/x-www-form-urlencoded',
      response: sectigoAnswerSchemas().sectigoAnswers[name],
      responseType: sectigoAnswerSchemas().jsonAnswers.has(name) ? 'application/json' : 'application/x-www-form-urlencoded',
    }));
  });
  return { app, operations: [...operations, ...acme.operations], resetRateLimits: () => dispatcher.limiter.clear() };
}
