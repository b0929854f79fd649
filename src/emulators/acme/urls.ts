import type { AcmeVendorProfile } from './vendors.js';

/** The URL of every ACME resource, built on the origin the client reached us at. */
export function acmeUrls(origin: string, profile: AcmeVendorProfile) {
  const at = (path: string) => `${origin}${profile.base}/${path}`;
  return {
    directory: `${origin}${profile.directoryPath}`,
    newNonce: at('newNonce'),
    newAccount: at('newAccount'),
    newOrder: at('newOrder'),
    revokeCert: at('revokeCert'),
    keyChange: at('keyChange'),
    renewalInfo: at('renewalInfo'),
    account: (id: string) => at(`acct/${id}`),
    orders: (id: string) => at(`acct/${id}/orders`),
    order: (id: string) => at(`order/${id}`),
    finalize: (id: string) => at(`order/${id}/finalize`),
    authz: (id: string) => at(`authz/${id}`),
    challenge: (authzId: string, type: string) => at(`chall/${authzId}/${type}`),
    certificate: (id: string, alternate?: number) => at(alternate ? `cert/${id}/${alternate}` : `cert/${id}`),
  };
}

export type AcmeUrls = ReturnType<typeof acmeUrls>;

/** The route patterns (Hono) of the same resources. */
export function acmeRoutes(profile: AcmeVendorProfile) {
  const at = (path: string) => `${profile.base}/${path}`;
  return {
    // The DigiCert app matches with and without a trailing slash (strict: false); the pattern has none.
    directory: profile.directoryPath.replace(/(.)\/$/, '$1'),
    newNonce: at('newNonce'),
    newAccount: at('newAccount'),
    newOrder: at('newOrder'),
    revokeCert: at('revokeCert'),
    keyChange: at('keyChange'),
    renewalInfo: at('renewalInfo/:certId'),
    account: at('acct/:id'),
    orders: at('acct/:id/orders'),
    order: at('order/:id'),
    finalize: at('order/:id/finalize'),
    authz: at('authz/:id'),
    challenge: at('chall/:id/:type'),
    certificate: at('cert/:id'),
    alternate: at('cert/:id/:alt'),
    any: at('*'),
  };
}
