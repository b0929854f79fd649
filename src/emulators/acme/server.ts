import type { EmulatorContext } from '../../context.js';
import { AcmeStore } from '../../state/acme-store.js';
import { NonceBook } from './nonces.js';
import type { AcmeVendorProfile } from './vendors.js';

/** Everything an ACME route needs: the emulator context, the vendor's profile, the ACME tables, the nonces. */
export interface AcmeServer {
  ctx: EmulatorContext;
  profile: AcmeVendorProfile;
  store: AcmeStore;
  nonces: NonceBook;
  /** Orders whose finalize is running (signing is asynchronous): a second finalize is refused meanwhile. */
  finalizing: Set<string>;
}

export function acmeServer(ctx: EmulatorContext, profile: AcmeVendorProfile): AcmeServer {
  return { ctx, profile, store: new AcmeStore(ctx.store), nonces: new NonceBook(ctx.config.seed), finalizing: new Set() };
}

/** A public id for an ACME object: url-safe, from the seeded generator. */
export function newAcmeId(server: AcmeServer, length = 16): string {
  return server.ctx.rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', length);
}
