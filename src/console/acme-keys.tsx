import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { acmeVendorNames, createEabKey, eabKeysOf, findAcmeAccount, presentEabKey, removeEabKey } from '../emulators/acme/eab-keys.js';
import type { AcmeVendor } from '../emulators/acme/vendors.js';
import { field, flashFrom, redirectWith } from './data.js';
import { Layout } from './layout.js';

const isAcmeVendor = (v: string): v is AcmeVendor => (acmeVendorNames as string[]).includes(v);

/**
 * ACME keys: the External Account Binding key IDs and HMAC keys of the DigiCert and Sectigo
 * accounts, as CertCentral's "ACME Directory URLs" page lists them; add one, or delete one.
 */
export function acmeKeyRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.get('/acme-keys', (c) => {
    const keys = eabKeysOf(ctx).map((k) => presentEabKey(ctx, k));
    const accounts = ctx.store.accounts().filter((a) => isAcmeVendor(a.vendor) && a.permissions === 'all');
    return c.html(
      <Layout title="ACME keys" active="/acme-keys" now={ctx.clock.now()} flash={flashFrom(c)}>
        <div class="panel">
          <p class="hint">External Account Binding credentials: certbot --eab-kid/--eab-hmac-key, lego --eab --kid/--hmac, acme-client externalAccountBinding.</p>
          <table>
            <thead>
              <tr>
                <th>Vendor</th>
                <th>Account</th>
                <th>Directory URL</th>
                <th>Key ID (kid)</th>
                <th>HMAC key</th>
                <th>Product</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr data-kid={k.kid}>
                  <td>{k.vendor}</td>
                  <td>{k.account.name}</td>
                  <td class="mono">{k.directory}</td>
                  <td class="mono">{k.kid}</td>
                  <td class="mono">{k.hmac}</td>
                  <td>{k.product}</td>
                  <td>
                    <form method="post" action="/acme-keys/delete">
                      <input type="hidden" name="vendor" value={k.vendor} />
                      <input type="hidden" name="kid" value={k.kid} />
                      <button type="submit" class="secondary">
                        Delete
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/acme-keys" class="buttons">
            <label for="acme-account">Account</label>
            <select id="acme-account" name="account">
              {accounts.map((a) => (
                <option value={String(a.id)}>
                  {a.vendor}: {a.name}
                </option>
              ))}
            </select>
            <label for="acme-product">Product</label>
            <input id="acme-product" name="product" placeholder="vendor ACME default" size={22} />
            <button type="submit">Add ACME key</button>
          </form>
        </div>
      </Layout>,
    );
  });

  app.post('/acme-keys', async (c) => {
    const form = await c.req.parseBody();
    const account = ctx.store.account(Number(field(form, 'account')));
    const vendor = account?.vendor ?? '';
    if (!account || !isAcmeVendor(vendor) || !findAcmeAccount(ctx, vendor, account.id)) {
      return redirectWith(c, '/acme-keys', { kind: 'error', text: 'Pick a DigiCert or Sectigo account from the list.' });
    }
    const product = field(form, 'product').trim();
    const key = createEabKey(ctx, account, { product: product || undefined, label: 'console' });
    if ('kind' in key) return redirectWith(c, '/acme-keys', { kind: 'error', text: key.message });
    return redirectWith(c, '/acme-keys', { kind: 'ok', text: `Added ACME key ${key.kid} for ${account.name}.` });
  });

  app.post('/acme-keys/delete', async (c) => {
    const form = await c.req.parseBody();
    const vendor = field(form, 'vendor');
    const kid = field(form, 'kid');
    if (!isAcmeVendor(vendor) || !removeEabKey(ctx, vendor, kid)) return redirectWith(c, '/acme-keys', { kind: 'error', text: `There is no ACME key ${kid}.` });
    return redirectWith(c, '/acme-keys', { kind: 'ok', text: `Deleted ACME key ${kid}. Accounts bound with it keep working.` });
  });
}
