import type { FC } from 'hono/jsx';
import { CsrError } from '../ca/csr.js';
import { makeEcCsr } from '../ca/make-csr.js';
import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import type { Account } from '../state/model.js';
import { CertificateTable, DnsNames, Ids } from './certificate-table.js';
import { certificatePage, field, flashFrom, reissuePage, rowPath, type CertificateRow } from './data.js';
import { Badge, Layout, time } from './layout.js';
import { consolePage, Pager } from './pager.js';

/**
 * Desktop Signing certificates are orders of the pseudo product `document_signing_org_1` (DigiCert
 * sells Document Signing certificates) on a console-only DigiCert account without an API key, so
 * no vendor API client ever sees them. The account and its organization are made on first use
 * (and again after a reset).
 */
export const desktopSigning = {
  vendor: 'digicert',
  accountName: 'Desktop Signing (console)',
  product: 'document_signing_org_1',
  organization: { publicId: 'DS-ORG-1', name: 'mockca Desktop Signing Org', details: { city: 'Lehi', state: 'Utah', country: 'US' } },
  contractDays: 3 * 365,
  defaultValidityDays: 365,
} as const;

function desktopAccount(ctx: EmulatorContext): { account: Account; organizationId: number } {
  const now = ctx.clock.nowMs();
  let account = ctx.store.accounts().find((a) => a.vendor === desktopSigning.vendor && a.name === desktopSigning.accountName && a.apiKey === null);
  if (!account) {
    const id = ctx.store.insertAccount({
      vendor: desktopSigning.vendor,
      name: desktopSigning.accountName,
      apiKey: null,
      login: null,
      password: null,
      permissions: 'all',
      profile: { console: 'desktop-signing' },
    });
    account = ctx.store.account(id)!;
  }
  let org = ctx.store.organizationsOf(account.id)[0];
  if (!org) {
    const o = desktopSigning.organization;
    const id = ctx.store.insertOrganization({ accountId: account.id, publicId: o.publicId, name: o.name, status: 'active', usable: true, details: { ...o.details }, createdAt: now, updatedAt: now });
    org = ctx.store.organization(id)!;
  }
  return { account, organizationId: org.id };
}

/** Orders and issues a document-signing certificate (EKU document signing, no serverAuth) at once. */
export async function issueDesktopCertificate(ctx: EmulatorContext, input: { commonName: string; validityDays: number; csrPem?: string }) {
  const { account, organizationId } = desktopAccount(ctx);
  let keyPem: string | undefined;
  let csrPem = input.csrPem;
  if (!csrPem) ({ csrPem, keyPem } = makeEcCsr(input.commonName));
  const csr = await ctx.ca.parseCsr(csrPem);
  const order = await ctx.core.createOrder({
    accountId: account.id,
    vendor: desktopSigning.vendor,
    publicId: `DS${ctx.rng.digits(8)}`,
    certificatePublicId: ctx.rng.digits(8),
    product: desktopSigning.product,
    level: 'ov',
    commonName: input.commonName,
    dnsNames: [],
    validityDays: input.validityDays,
    contractDays: desktopSigning.contractDays,
    dcvMethod: 'none',
    csr,
    state: 'open',
    organizationId,
    profile: 'document-signing',
    validations: [],
    cause: 'Desktop Signing certificate requested in the console',
  });
  const issued = ctx.core.current(order).status === 'pending' ? await ctx.core.issueNow(order, 'Desktop Signing request approved in the console') : order;
  return { order: issued, certificate: ctx.core.current(issued), keyPem };
}

/** The Reissue Requests listing (Certificate Center and Desktop Signing alike). */
export const ReissueTable: FC<{ rows: CertificateRow[]; desktop?: boolean }> = ({ rows, desktop }) => (
  <table>
    <thead>
      <tr>
        <th>Requested</th>
        <th>Common Name</th>
        {desktop ? null : <th>SANs</th>}
        <th>Vendor / Account</th>
        <th>ID</th>
        <th>Status</th>
        <th>Serial Number</th>
        <th>Message</th>
        <th>Source</th>
      </tr>
    </thead>
    <tbody>
      {rows.length === 0 ? (
        <tr>
          <td colspan={desktop ? 8 : 9}>No reissue requests yet.</td>
        </tr>
      ) : null}
      {rows.map((r) => (
        <tr data-order={r.order.publicId} data-cert={r.cert.publicId} data-status={r.cert.status} data-vendor={r.order.vendor}>
          <td class="nowrap">{time(r.cert.requestedAt)}</td>
          <td class="name">{r.cert.commonName}</td>
          {desktop ? null : (
            <td class="name">
              <DnsNames names={r.cert.dnsNames} />
            </td>
          )}
          <td class="vendor">
            <div>{r.order.vendor}</div>
            <div class="account">{r.account?.name ?? '—'}</div>
          </td>
          <td class="ids">
            <Ids row={r} />
            {r.cert.pem ? <a href={`${rowPath(r)}/pem`}>Download PEM</a> : null}
          </td>
          <td>
            <Badge value={r.cert.status} />
          </td>
          <td class="mono serial">{r.cert.serial ? <span class="digits">{r.cert.serial.toUpperCase()}</span> : '—'}</td>
          <td>{typeof r.cert.meta.comments === 'string' ? r.cert.meta.comments : ''}</td>
          <td>{r.cert.meta.source === 'console' ? 'console' : 'API'}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export function desktopSigningRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.get('/reissue-requests', async (c) => {
    const at = consolePage(c);
    const { rows, total } = await reissuePage(ctx, 'server', at);
    return c.html(
      <Layout title="Reissue Requests" active="/reissue-requests" now={ctx.clock.now()} flash={flashFrom(c)}>
        <p class="hint">Every reissue of a TLS certificate, made through a vendor API or this console.</p>
        <Pager path="/reissue-requests" at={at} total={total} shown={rows.length} noun="reissue request" />
        <ReissueTable rows={rows} />
      </Layout>,
    );
  });

  app.get('/desktop-signing/reissue-requests', async (c) => {
    const at = consolePage(c);
    const { rows, total } = await reissuePage(ctx, 'document-signing', at);
    return c.html(
      <Layout title="Desktop Signing — Reissue Requests" active="/desktop-signing/reissue-requests" now={ctx.clock.now()} flash={flashFrom(c)}>
        <Pager path="/desktop-signing/reissue-requests" at={at} total={total} shown={rows.length} noun="reissue request" />
        <ReissueTable rows={rows} desktop />
      </Layout>,
    );
  });

  app.get('/desktop-signing', async (c) => {
    const at = consolePage(c);
    const { rows, total } = await certificatePage(ctx, { profile: 'document-signing' }, at);
    return c.html(
      <Layout title="Desktop Signing — Issued Certificates" active="/desktop-signing" now={ctx.clock.now()} flash={flashFrom(c)}>
        <p>
          <a class="button" href="/desktop-signing/new">
            Request a Desktop Signing certificate
          </a>
        </p>
        <p class="hint">
          Document signing certificates (EKU document signing, no serverAuth), product {desktopSigning.product} on the console-only account “{desktopSigning.accountName}”.
        </p>
        <Pager path="/desktop-signing" at={at} total={total} shown={rows.length} noun="certificate" />
        <CertificateTable ctx={ctx} rows={rows} back="/desktop-signing" desktop />
      </Layout>,
    );
  });

  const form = (values: { commonName: string; validityDays: string; csr: string }) => (
    <form method="post" action="/desktop-signing/new" class="panel">
      <div class="field">
        <label for="d-cn">Common Name (signer)</label>
        <input id="d-cn" type="text" name="common_name" value={values.commonName} required maxlength={64} size={50} placeholder="Erika Mustermann" />
      </div>
      <div class="field">
        <label for="d-validity">Validity (days)</label>
        <input id="d-validity" type="number" name="validity_days" min={1} max={desktopSigning.contractDays} value={values.validityDays} required />
      </div>
      <div class="field">
        <label for="d-csr">CSR (PEM, optional)</label>
        <textarea id="d-csr" name="csr">
          {values.csr}
        </textarea>
        <div class="hint">Leave empty and mockca makes the key; it is shown once.</div>
      </div>
      <button type="submit">Request</button>
    </form>
  );

  app.get('/desktop-signing/new', (c) =>
    c.html(
      <Layout title="Desktop Signing — New Certificate" active="/desktop-signing" now={ctx.clock.now()} flash={flashFrom(c)}>
        {form({ commonName: '', validityDays: String(desktopSigning.defaultValidityDays), csr: '' })}
      </Layout>,
    ),
  );

  app.post('/desktop-signing/new', async (c) => {
    const body = await c.req.parseBody();
    const values = { commonName: field(body, 'common_name').trim(), validityDays: field(body, 'validity_days'), csr: field(body, 'csr').trim() };
    const days = Number(values.validityDays);
    const refuse = (text: string) =>
      c.html(
        <Layout title="Desktop Signing — New Certificate" active="/desktop-signing" now={ctx.clock.now()} flash={{ kind: 'error', text }}>
          {form(values)}
        </Layout>,
        400,
      );
    if (!values.commonName || values.commonName.length > 64) return refuse('The common name must be 1 to 64 characters.');
    if (!Number.isInteger(days) || days < 1 || days > desktopSigning.contractDays) return refuse(`The validity must be 1 to ${desktopSigning.contractDays} days.`);
    let result: Awaited<ReturnType<typeof issueDesktopCertificate>>;
    try {
      result = await issueDesktopCertificate(ctx, { commonName: values.commonName, validityDays: days, csrPem: values.csr || undefined });
    } catch (e) {
      if (e instanceof CsrError) return refuse(`The CSR was refused: ${e.message}`);
      throw e;
    }
    const cert = result.certificate;
    return c.html(
      <Layout title="Certificate Generated" active="/desktop-signing" now={ctx.clock.now()} flash={{ kind: 'ok', text: `Desktop Signing certificate for ${cert.commonName} issued.` }}>
        <div class="panel">
          <p>
            Serial <span class="mono">{cert.serial?.toUpperCase()}</span> · order <span class="mono">{result.order.publicId}</span> · <Badge value={cert.status} />
          </p>
          {result.keyPem ? (
            <div class="field">
              <label for="d-key">Private key (made by mockca; it is not kept — save it now)</label>
              <textarea id="d-key" readonly rows={6}>
                {result.keyPem}
              </textarea>
            </div>
          ) : null}
          <div class="buttons">
            <a class="button" href="/desktop-signing">
              Issued Certificates
            </a>
            <a class="button secondary" href={`/certificates/${result.order.vendor}/${result.order.publicId}/${cert.publicId}/pem`}>
              Download PEM
            </a>
          </div>
        </div>
      </Layout>,
    );
  });
}
