import type { EmulatorContext } from '../../context.js';

/** A login at an identity provider that the console started and waits for (the answer must match it). */
export type PendingLogin =
  | { kind: 'oidc'; mechanism: 'oidc' | 'azure-ad'; state: string; nonce: string; verifier: string; startedAt: number }
  | { kind: 'saml'; requestId: string; relayState: string; startedAt: number };

/** How long the console waits for the identity provider's answer (virtual clock). */
export const loginLifetimeMs = 10 * 60_000;

const byState = new WeakMap<EmulatorContext, Map<string, string>>();
const maxPending = 1000;

/** Remembers which reissue draft a login state (OIDC state, SAML RelayState) belongs to. */
export function rememberLogin(ctx: EmulatorContext, state: string, draftId: string): void {
  let map = byState.get(ctx);
  if (!map) byState.set(ctx, (map = new Map()));
  if (map.size >= maxPending) map.delete(map.keys().next().value!);
  map.set(state, draftId);
}

/** The draft id a login answer names, once: a state is never accepted twice. */
export function takeLogin(ctx: EmulatorContext, state: string): string | undefined {
  const map = byState.get(ctx);
  const id = map?.get(state);
  map?.delete(state);
  return id;
}

/** The draft id without using the state up (a failed login at the built-in provider, which the user may retry). */
export const peekLogin = (ctx: EmulatorContext, state: string): string | undefined => byState.get(ctx)?.get(state);
