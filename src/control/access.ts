import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { EmulatorContext } from '../context.js';
import { consoleRefusal } from '../console/form-body.js';
import { loginPage, loginWithQueryToken } from '../console/login.js';
import { cookieValue, sameSecret, tokenCookie } from './control-token.js';
import { controlError } from './respond.js';

/**
 * Fetched by certificate clients (AIA, CRL distribution point), probes, DCV email links (which carry
 * their own secret), the SAML IdP's cross-site post of a signed assertion for a pending login, and the favicon.
 */
const publicPaths = [/^\/api\/ca\//, /^\/api\/health$/, /^\/api\/outbox\/[^/]+\/approve$/, /^\/second-factor\/saml\/acs$/, /^\/favicon\.(svg|ico)$/];
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why an unsafe request looks cross-site: a browser says so (Sec-Fetch-Site), or its Origin is not this listener. */
function crossSite(c: Context): string | undefined {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = c.req.header('origin');
  if (origin === undefined) return undefined;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  return host !== undefined && host === c.req.header('host')?.toLowerCase() ? undefined : `Origin: ${origin}`;
}

/** Only JSON reaches the control API: the types a page can send cross-site without a preflight are refused. */
function notJson(c: Context): string | undefined {
  const type = c.req.header('content-type');
  if (type === undefined) {
    const length = Number(c.req.header('content-length') ?? 0);
    return length > 0 || c.req.header('transfer-encoding') ? 'a body without a content-type' : undefined;
  }
  const media = type.split(';')[0].trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json') ? undefined : `content-type ${media}`;
}

function apiToken(c: Context): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  return bearer ?? c.req.header('x-mockca-token') ?? undefined;
}

/**
 * The control port's door: cross-site writes are refused (403), the control API takes JSON only
 * (415), and with --control-token nothing but the public paths answers without the token (401;
 * the console shows its login form). Calls the console makes in-process come from no socket and
 * pass.
 */
export function controlAccess(ctx: EmulatorContext): MiddlewareHandler {
  const token = ctx.config.controlToken;
  const session = token === undefined ? undefined : cookieValue(token);
  return async (c, next) => {
    if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return next();
    const path = c.req.path;
    if (publicPaths.some((p) => p.test(path))) return next();
    const api = path === '/api' || path.startsWith('/api/');
    if (!safeMethods.has(c.req.method)) {
      const why = crossSite(c);
      if (why) {
        const text = `cross-site request refused (${why}); the control API and the console accept writes from their own pages, or from clients that send no Origin`;
        const page = `This form was sent from another site's page (${why}) and refused; nothing was changed. The console takes forms from its own pages only.`;
        return api ? controlError(c, 403, 'cross_site_refused', text) : consoleRefusal(c, ctx, 403, 'Request refused', page);
      }
      const type = api ? notJson(c) : undefined;
      if (type) return controlError(c, 415, 'unsupported_media_type', `the control API takes JSON (content-type: application/json), not ${type}`);
    }
    if (token === undefined || session === undefined) return next();
    const given = apiToken(c);
    if (given !== undefined && sameSecret(given, token)) return next();
    const cookie = getCookie(c, tokenCookie);
    if (cookie !== undefined && sameSecret(cookie, session)) return next();
    if (api) {
      c.header('www-authenticate', 'Bearer realm="mockca"');
      return controlError(c, 401, 'unauthorized', 'this mockca needs its control token: Authorization: Bearer <token> or x-mockca-token: <token>');
    }
    if (path === '/login') return next();
    if (c.req.method === 'GET' && c.req.query('token') !== undefined) return loginWithQueryToken(c, ctx, token);
    return loginPage(c, ctx, c.req.method === 'GET' ? `${path}${new URL(c.req.url).search}` : '/', 401);
  };
}
