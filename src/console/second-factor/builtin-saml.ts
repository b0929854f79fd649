import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';
import { builtinUser } from './builtin-oidc.js';
import { loginPage, readForm, sendHtml } from './login-page.js';
import type { SamlKeys } from './saml-keys.js';

/**
 * The offline default of the saml second factor: a SAML 2.0 IdP made with samlify on its own
 * loopback port. SP-initiated: it takes the AuthnRequest by HTTP-Redirect, shows mockca's login
 * page, and posts a signed assertion to the console's assertion consumer service.
 */
export interface BuiltinSaml {
  metadata: string;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An auto-posting form (the HTTP-POST binding); the button is there for a browser without scripts. */
function postForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escape(v)}">`)
    .join('');
  return `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escape(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}

/** A SAML Response with a failure status (the user cancelled), unsigned as IdPs send them. */
function failureResponse(issuer: string, destination: string, inResponseTo: string): string {
  const now = new Date().toISOString();
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_cancel${Date.now()}" Version="2.0" IssueInstant="${now}" Destination="${escape(destination)}" InResponseTo="${escape(inResponseTo)}"><saml:Issuer>${escape(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>The user cancelled the sign-in</samlp:StatusMessage></samlp:Status></samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

export async function startBuiltinSaml(keys: SamlKeys, sp: () => ServiceProviderInstance, onRefusal: (relayState: string | undefined, reason: string) => void): Promise<BuiltinSaml> {
  const samlify = await import('samlify');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: IdentityProviderInstance = samlify.IdentityProvider({
    entityID: `${base}/metadata`,
    signingCert: keys.certPem,
    privateKey: keys.keyPem,
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${base}/sso` }],
    // Not served (the console never logs out at the IdP); declared so samlify reads complete metadata.
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${base}/slo` }],
    nameIDFormat: [samlify.Constants.namespace.format.emailAddress],
    wantAuthnRequestsSigned: false,
    isAssertionEncrypted: false,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const title = 'Sign in to mockca (SAML identity provider)';
    if (req.method === 'GET' && url.pathname === '/metadata') {
      res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' });
      res.end(idp.getMetadata());
      return;
    }
    if (req.method === 'GET' && url.pathname === '/sso') {
      // Checked now, so a broken request is refused before anyone types a password.
      await idp.parseLoginRequest(sp(), 'redirect', { query: Object.fromEntries(url.searchParams) });
      const hidden = Object.fromEntries(url.searchParams);
      sendHtml(res, 200, loginPage({ title, action: '/sso/login', cancel: '/sso/cancel', hidden }));
      return;
    }
    if (req.method === 'POST' && (url.pathname === '/sso/login' || url.pathname === '/sso/cancel')) {
      const form = await readForm(req);
      const query: Record<string, string> = {};
      for (const key of ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature']) if (form.has(key)) query[key] = form.get(key)!;
      const request = await idp.parseLoginRequest(sp(), 'redirect', { query });
      const requestId = String((request.extract as { request?: { id?: string } }).request?.id ?? '');
      const relayState = query.RelayState ?? '';
      const acs = (sp().entityMeta as { getAssertionConsumerService(binding: string): string }).getAssertionConsumerService('post');
      if (url.pathname === '/sso/cancel') {
        sendHtml(res, 200, postForm(acs, { SAMLResponse: failureResponse(idp.entityMeta.getEntityID(), acs, requestId), RelayState: relayState }));
        return;
      }
      if (form.get('username') !== builtinUser.username || form.get('password') !== builtinUser.password) {
        onRefusal(relayState, `sign-in failed at the built-in SAML IdP for user '${form.get('username') ?? ''}': wrong user name or password`);
        sendHtml(res, 401, loginPage({ title, action: '/sso/login', cancel: '/sso/cancel', hidden: query, error: 'Wrong user name or password.' }));
        return;
      }
      const response = await idp.createLoginResponse(sp(), request as unknown as Parameters<typeof idp.createLoginResponse>[1], 'post', { email: builtinUser.email }, { relayState });
      sendHtml(res, 200, postForm(acs, { SAMLResponse: response.context, RelayState: relayState }));
      return;
    }
    sendHtml(res, 404, loginPage({ title: 'Not found', error: `no page ${url.pathname}` }));
  };

  server.on('request', (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendHtml(res, 400, loginPage({ title: 'SAML error', error: (e as Error).message ?? String(e) }));
      else res.end();
    });
  });

  return {
    metadata: idp.getMetadata(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
