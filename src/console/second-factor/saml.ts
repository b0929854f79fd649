import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IdentityProviderInstance, ServiceProviderInstance } from 'samlify';
import type { EmulatorContext } from '../../context.js';
import type { ReissueDraft } from '../reissue-draft.js';
import type { Outcome } from './outcome.js';
import { loginLifetimeMs, rememberLogin } from './pending-login.js';
import { providerResources } from './resources.js';
import { makeSamlKeys } from './saml-keys.js';

/**
 * The console as a SAML 2.0 service provider (samlify): SP-initiated login by HTTP-Redirect, the
 * answer by HTTP-POST to the assertion consumer service, where the assertion's signature (against
 * the IdP's certificate from its metadata), its InResponseTo and its validity window are checked.
 * Loaded only when the saml second factor is configured.
 */
interface SamlParties {
  sp: ServiceProviderInstance;
  idp: IdentityProviderInstance;
}

let validatorSet = false;

/** samlify wants a schema validator: this one refuses what @xmldom/xmldom cannot parse as XML. */
async function useXmlValidator(): Promise<void> {
  if (validatorSet) return;
  const [samlify, { DOMParser }] = await Promise.all([import('samlify'), import('@xmldom/xmldom')]);
  samlify.setSchemaValidator({
    validate: async (xml: string) => {
      const problems: string[] = [];
      const fail = (message: string) => problems.push(message);
      const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml');
      if (problems.length > 0 || !doc.documentElement) throw new Error(`not well-formed XML: ${problems[0] ?? 'no document element'}`);
      return 'the message is well-formed XML';
    },
  });
  validatorSet = true;
}

async function parties(ctx: EmulatorContext, onRefusal: (relayState: string | undefined, reason: string) => void): Promise<SamlParties> {
  return providerResources(ctx).once('saml', async () => {
    await useXmlValidator();
    const samlify = await import('samlify');
    const spKeys = ctx.config.consoleSaml.spPrivateKey ? undefined : await makeSamlKeys('mockca console SAML SP');
    const sp = samlify.ServiceProvider({
      entityID: `${ctx.urls.control}/second-factor/saml/metadata`,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: `${ctx.urls.control}/second-factor/saml/acs` }],
      nameIDFormat: [samlify.Constants.namespace.format.emailAddress],
      wantAssertionsSigned: true,
      authnRequestsSigned: false,
      ...(spKeys ? { privateKey: spKeys.keyPem, signingCert: spKeys.certPem } : { privateKey: readFileSync(ctx.config.consoleSaml.spPrivateKey!, 'utf8') }),
    });
    if (ctx.config.consoleSaml.idpMetadata) {
      const idp = samlify.IdentityProvider({ metadata: readFileSync(ctx.config.consoleSaml.idpMetadata, 'utf8') });
      return { value: { sp, idp }, close: async () => undefined };
    }
    const { startBuiltinSaml } = await import('./builtin-saml.js');
    const builtin = await startBuiltinSaml(await makeSamlKeys('mockca built-in SAML IdP'), () => sp, onRefusal);
    const idp = samlify.IdentityProvider({ metadata: builtin.metadata });
    return { value: { sp, idp }, close: builtin.close };
  });
}

/** Starts the login: an AuthnRequest to the IdP's single sign-on service, with a RelayState naming the draft. */
export async function startSaml(ctx: EmulatorContext, draft: ReissueDraft, onRefusal: (relayState: string | undefined, reason: string) => void): Promise<string> {
  const { sp, idp } = await parties(ctx, onRefusal);
  const relayState = randomBytes(16).toString('base64url');
  const { id, context } = sp.createLoginRequest(idp, 'redirect', { relayState, forceAuthn: true });
  draft.login = { kind: 'saml', requestId: id, relayState, startedAt: ctx.clock.nowMs() };
  rememberLogin(ctx, relayState, draft.id);
  return context;
}

/** Checks the IdP's answer at the assertion consumer service. */
export async function completeSaml(ctx: EmulatorContext, draft: ReissueDraft, form: { SAMLResponse: string; RelayState: string }): Promise<Outcome> {
  const login = draft.login;
  if (login?.kind !== 'saml' || login.relayState !== form.RelayState) return { ok: false, reason: 'the SAML response does not belong to this reissue (RelayState)' };
  draft.login = undefined;
  if (ctx.clock.nowMs() > login.startedAt + loginLifetimeMs) return { ok: false, reason: 'the sign-in took too long; start it again' };
  if (!form.SAMLResponse) return { ok: false, reason: 'the IdP sent no SAMLResponse' };
  const { sp, idp } = await parties(ctx, () => undefined);
  let extract: { nameID?: string; audience?: string | string[]; response?: { inResponseTo?: string } };
  try {
    extract = (await sp.parseLoginResponse(idp, 'post', { body: form })).extract as typeof extract;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: `the SAML response was refused (${detail})` };
  }
  if (extract.response?.inResponseTo !== login.requestId) return { ok: false, reason: 'the SAML assertion answers another request (InResponseTo)' };
  // samlify checks the signature and the validity window, not the audience.
  const audiences = [extract.audience ?? []].flat();
  const entityId = sp.entityMeta.getEntityID();
  if (!audiences.includes(entityId)) return { ok: false, reason: `the SAML assertion is for ${audiences.join(', ') || 'no audience'}, not ${entityId}` };
  return { ok: true, who: extract.nameID ?? 'unknown user' };
}

/** The SP's metadata, for configuring an external IdP. */
export async function spMetadata(ctx: EmulatorContext): Promise<string> {
  return (await parties(ctx, () => undefined)).sp.getMetadata();
}
