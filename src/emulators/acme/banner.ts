import type { EmulatorContext } from '../../context.js';
import { eabKeysOf } from './eab-keys.js';
import { acmeUrls } from './urls.js';
import { acmeVendors, type AcmeVendor } from './vendors.js';

/** The start banner's ACME line of a vendor: its directory URL with its first EAB key (the demo account's). */
export function acmeBannerLine(ctx: EmulatorContext, vendor: AcmeVendor): string {
  const key = eabKeysOf(ctx, vendor)[0];
  const directory = acmeUrls(ctx.urls[vendor], acmeVendors[vendor]).directory;
  return `    ACME       ${directory}   ${key ? `eab kid=${key.kid} hmac=${key.hmac}` : 'no EAB key yet (POST /api/acme/eab-keys)'}`;
}
