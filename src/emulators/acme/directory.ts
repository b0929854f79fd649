import type { AcmeServer } from './server.js';
import type { AcmeUrls } from './urls.js';

/** The directory object (RFC 8555 §7.1.1, RFC 9773 renewalInfo), with the EAB requirement in meta. */
export function directoryOf(server: AcmeServer, urls: AcmeUrls) {
  return {
    newNonce: urls.newNonce,
    newAccount: urls.newAccount,
    newOrder: urls.newOrder,
    revokeCert: urls.revokeCert,
    keyChange: urls.keyChange,
    renewalInfo: urls.renewalInfo,
    meta: {
      website: server.profile.website,
      caaIdentities: server.profile.caaIdentities,
      externalAccountRequired: true,
    },
  };
}
