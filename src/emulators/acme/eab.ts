import type { EabKey } from '../../state/acme-store.js';
import { flattenedJws, parseJws, thumbprint, verifyHmacJws } from './jws.js';
import { AcmeProblem } from './problems.js';
import type { AcmeServer } from './server.js';

/**
 * Checks an External Account Binding (RFC 8555 §7.3.4): an HS256/384/512 JWS by a vendor EAB key
 * over the new account's public key, naming the newAccount URL; answers the key it was made with.
 */
export function checkEab(server: AcmeServer, binding: unknown, accountJwk: Record<string, unknown>, newAccountUrl: string): EabKey {
  if (binding === undefined) throw new AcmeProblem('externalAccountRequired', `${server.profile.vendor} requires an externalAccountBinding with a key ID and HMAC key of your account`);
  if (!flattenedJws.safeParse(binding).success) throw new AcmeProblem('malformed', 'externalAccountBinding is not a flattened JWS');
  const jws = parseJws(binding);
  const { header } = jws;
  if (header.nonce !== undefined) throw new AcmeProblem('malformed', 'externalAccountBinding must not carry a nonce');
  if (header.url !== newAccountUrl) throw new AcmeProblem('unauthorized', 'externalAccountBinding url must be the newAccount URL');
  if (!header.kid) throw new AcmeProblem('malformed', 'externalAccountBinding has no kid');
  const key = server.store.eabKey(server.profile.vendor, header.kid);
  if (!key) throw new AcmeProblem('unauthorized', `externalAccountBinding kid ${header.kid.slice(0, 100)} is not a key of any ${server.profile.vendor} account`);
  if (!verifyHmacJws(jws, key.hmac)) throw new AcmeProblem('unauthorized', 'externalAccountBinding HMAC does not verify with the key of that kid');
  let bound: Record<string, unknown>;
  try {
    bound = JSON.parse(jws.payloadText) as Record<string, unknown>;
  } catch {
    throw new AcmeProblem('malformed', 'externalAccountBinding payload is not a JWK');
  }
  if (bound === null || typeof bound !== 'object' || thumbprint(bound) !== thumbprint(accountJwk)) {
    throw new AcmeProblem('unauthorized', 'externalAccountBinding payload is not the key that signed the request');
  }
  return key;
}
