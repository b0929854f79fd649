// The part of npm's oidc-provider (which ships no types) that the built-in OpenID provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface GrantClass {
    new (init: { clientId: string; accountId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }
  interface KoaContext {
    type: string;
    body: unknown;
    oidc: {
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      client?: { clientId: string };
      provider: { Grant: GrantClass };
    };
  }
  interface Configuration {
    clients: Record<string, unknown>[];
    pkce?: { required: () => boolean };
    conformIdTokenClaims?: boolean;
    ttl?: Record<string, number>;
    adapter?: new (name: string) => unknown;
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: { keys: string[] };
    claims?: Record<string, string[]>;
    features?: Record<string, { enabled: boolean }>;
    interactions?: { url: (ctx: KoaContext, interaction: { uid: string }) => string };
    findAccount: (ctx: KoaContext, sub: string) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> }>;
    loadExistingGrant?: (ctx: KoaContext) => Promise<GrantInstance | undefined>;
    renderError?: (ctx: KoaContext, out: { error: string; error_description?: string }, error: Error) => Promise<void>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; params: Record<string, unknown>; prompt: { name: string } }>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  }
}
