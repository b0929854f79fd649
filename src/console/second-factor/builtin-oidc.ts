import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginPage, readForm, sendHtml } from './login-page.js';
import { memoryAdapter } from './memory-adapter.js';

/**
 * The offline default of the oidc and azure-ad second factors: an OpenID provider made with npm's
 * oidc-provider (authorization code + PKCE, signed id_tokens), on its own loopback port, whose
 * login page is mockca's. Loaded only when one of those second factors is configured.
 */
export interface BuiltinOidcOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Azure AD flavour: the issuer is `<base>/<tenant>/v2.0` and id_tokens carry tid, oid, preferred_username. */
  azureTenant?: string;
  /** Told about every refused login (wrong password, cancel), with the RP's state. */
  onRefusal(state: string | undefined, reason: string): void;
}

export interface BuiltinOidc {
  issuer: string;
  close(): Promise<void>;
}

/** The one user of the built-in identity providers. */
export const builtinUser = { username: 'console.user', password: 'mockca-password', email: 'console.user@mockca.test', name: 'Console User' };

export async function startBuiltinOidc(options: BuiltinOidcOptions): Promise<BuiltinOidc> {
  const { default: Provider } = await import('oidc-provider');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const prefix = options.azureTenant ? `/${options.azureTenant}/v2.0` : '';
  const issuer = `${base}${prefix}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  // Azure AD's object id is a GUID per user: here one derived from the user name, the same at every start.
  const oid = (sub: string) => createHash('sha256').update(sub).digest('hex').replace(/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*$/, '$1-$2-4$3-8$4-$5');
  const azureClaims = (sub: string) => (options.azureTenant ? { tid: options.azureTenant, oid: oid(sub), preferred_username: builtinUser.email } : {});

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    // The id_token carries the scopes' claims (email, and Azure AD's tid/oid), not only the userinfo endpoint.
    conformIdTokenClaims: false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    adapter: memoryAdapter(),
    jwks: { keys: [{ ...signingKey, kid: 'mockca-builtin', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'tid', 'oid'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: builtinUser.email, email_verified: true, name: builtinUser.name, ...azureClaims(sub) }),
    }),
    // The console is the only client: no consent page.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session!;
      const client = ctx.oidc.client!;
      const grantId = session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = loginPage({ title: 'Sign-in error', error: `${out.error}: ${out.error_description ?? ''}` });
    },
  });
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(path);
    if (!match) return false;
    const details = await provider.interactionDetails(req, res);
    const state = typeof details.params.state === 'string' ? details.params.state : undefined;
    const action = `${prefix}/interaction/${match[1]}`;
    const title = options.azureTenant ? `Sign in to mockca (Azure AD tenant ${options.azureTenant})` : 'Sign in to mockca (OpenID provider)';
    if (req.method === 'GET' && !match[2]) {
      sendHtml(res, 200, loginPage({ title, action: `${action}/login`, cancel: `${action}/abort` }));
    } else if (req.method === 'POST' && match[2] === '/login') {
      const form = await readForm(req);
      if (form.get('username') !== builtinUser.username || form.get('password') !== builtinUser.password) {
        options.onRefusal(state, `sign-in failed at the built-in OpenID provider for user '${form.get('username') ?? ''}': wrong user name or password`);
        sendHtml(res, 401, loginPage({ title, action: `${action}/login`, cancel: `${action}/abort`, error: 'Wrong user name or password.' }));
      } else {
        await provider.interactionFinished(req, res, { login: { accountId: builtinUser.username } }, { mergeWithLastSubmission: false });
      }
    } else if (req.method === 'POST' && match[2] === '/abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    } else {
      return false;
    }
    return true;
  };

  server.on('request', (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(prefix)) {
      sendHtml(res, 404, loginPage({ title: 'Not found', error: `no page ${url}` }));
      return;
    }
    const path = url.slice(prefix.length).split('?')[0] || '/';
    interaction(req, res, path)
      .then((handled) => {
        if (handled) return;
        // Mounted under the issuer's path: the provider sees its own paths (what express's mount does).
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = url.slice(prefix.length) || '/';
        return callback(req, res);
      })
      .catch((e: unknown) => {
        if (!res.headersSent) sendHtml(res, 400, loginPage({ title: 'Sign-in error', error: (e as Error).message }));
        else res.end();
      });
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
