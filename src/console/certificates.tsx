import type { Context } from 'hono';
import type { EmulatorContext } from '../context.js';
import { runOrderAction } from '../control/routes/orders.js';
import { ControlFailure } from '../control/respond.js';
import type { ControlApp } from '../control/env.js';
import { CoreError } from '../state/errors.js';
import { vendors, type CertificateStatus } from '../state/model.js';
import { CertificateTable, isRevocable, orderActions, reissuable, type OrderAction } from './certificate-table.js';
import { certificatePage, field, findRow, flashFrom, idsText, redirectWith, revocationReasons, rowName, rowPath } from './data.js';
import { localPath } from './local-path.js';
import { Badge, Layout } from './layout.js';
import { consolePage, Pager } from './pager.js';
import { startReissue } from './reissue-draft.js';

const statuses: CertificateStatus[] = ['pending', 'issued', 'replaced', 'revoked', 'rejected', 'expired'];

/** What a flash message says an action did, or could not do, to a certificate. */
const actionMessages: Record<OrderAction | 'revoke', { done: (what: string) => string; verb: string }> = {
  'approve-dcv': { done: (what) => `Domain validation approved for ${what}.`, verb: 'approve the domain validation of' },
  issue: { done: (what) => `Certificate ${what} issued.`, verb: 'issue' },
  reject: { done: (what) => `Certificate ${what} rejected.`, verb: 'reject' },
  expire: { done: (what) => `Certificate ${what} expired.`, verb: 'expire' },
  revoke: { done: (what) => `Certificate ${what} revoked.`, verb: 'revoke' },
};

function backOf(form: Record<string, unknown>, fallback: string): string {
  return localPath(field(form, 'back'), fallback);
}

export function certificateRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.get('/', (c) => c.redirect('/certificates', 302));

  app.get('/certificates', async (c) => {
    const vendor = c.req.query('vendor') ?? '';
    const status = c.req.query('status') ?? '';
    const name = c.req.query('name') ?? '';
    const at = consolePage(c);
    const { rows, total } = await certificatePage(ctx, { vendor, status, name, profile: 'server' }, at);
    const back = new URL(c.req.url).pathname + new URL(c.req.url).search.replace(/([?&])(ok|error)=[^&]*/g, '$1');
    return c.html(
      <Layout title="Issued Certificates" active="/certificates" now={ctx.clock.now()} flash={flashFrom(c)}>
        <form class="filters" method="get" action="/certificates">
          <div>
            <label for="f-vendor">Vendor</label>
            <select id="f-vendor" name="vendor">
              <option value="">All vendors</option>
              {vendors.map((v) => (
                <option value={v} selected={v === vendor}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-status">Status</label>
            <select id="f-status" name="status">
              <option value="">Any status</option>
              {statuses.map((s) => (
                <option value={s} selected={s === status}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-name">Name, order or serial</label>
            <input id="f-name" type="text" name="name" value={name} placeholder="example.com" />
          </div>
          <button type="submit">Filter</button>
          <a href="/certificates">Clear</a>
        </form>
        <p class="hint">
          Revocation is published at <a href="/api/ca/crl?format=pem">/api/ca/crl</a>, the OCSP responder at /api/ca/ocsp, status by serial at
          /api/certificates/&lt;serial&gt;.
        </p>
        <Pager path="/certificates" params={{ vendor, status, name }} at={at} total={total} shown={rows.length} noun="certificate" />
        <CertificateTable ctx={ctx} rows={rows} back={back} />
        <Pager path="/certificates" params={{ vendor, status, name }} at={at} total={total} shown={rows.length} noun="certificate" />
      </Layout>,
    );
  });

  /** A console page for a certificate address that leads nowhere (a typed or stale link). */
  const notFound = (c: Context, what: string) =>
    c.html(
      <Layout title="Certificate not found" active="/certificates" now={ctx.clock.now()} flash={{ kind: 'error', text: what }}>
        <p>
          <a href="/certificates">Back to Issued Certificates</a>
        </p>
      </Layout>,
      404,
    );

  app.get('/certificates/:vendor/:order/:cert/pem', (c) => {
    const row = findRow(ctx, c.req.param('vendor'), c.req.param('order'), c.req.param('cert'));
    if (!row?.cert.pem) return notFound(c, row ? `${rowName(row)} has no certificate to download yet.` : 'There is no such certificate.');
    const name = row.cert.commonName.replace(/[^\w.-]+/g, '_') || 'certificate';
    return c.body(`${row.cert.pem.trim()}\n${ctx.ca.chainPem}`, 200, {
      'content-type': 'application/x-pem-file',
      'content-disposition': `attachment; filename="${name}.pem"`,
    });
  });

  /** The certificate action screen of the seeds: pick "Reissue Certificate", confirm, "View Request". */
  app.get('/certificates/:vendor/:order/:cert/action', (c) => {
    const row = findRow(ctx, c.req.param('vendor'), c.req.param('order'), c.req.param('cert'));
    if (!row) return notFound(c, 'There is no such certificate.');
    const desktop = row.cert.profile === 'document-signing';
    return c.html(
      <Layout title="Certificate action" active={desktop ? '/desktop-signing' : '/certificates'} now={ctx.clock.now()} flash={flashFrom(c)}>
        <div class="panel">
          <p>
            <strong>{row.cert.commonName}</strong> — {row.order.vendor} <span class="mono">{idsText(row)}</span>, serial{' '}
            <span class="mono">{row.cert.serial?.toUpperCase() ?? '—'}</span>, status <Badge value={row.cert.status} />
          </p>
          <form method="post" action={`${rowPath(row)}/action`}>
            <div class="field">
              <label for="a-action">Action</label>
              <select id="a-action" name="action">
                <option value="reissue">Reissue Certificate</option>
              </select>
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> I confirm that I want to reissue this certificate with a new key
              </label>
            </div>
            <button type="submit">View Request</button>
          </form>
        </div>
      </Layout>,
    );
  });

  app.post('/certificates/:vendor/:order/:cert/action', async (c) => {
    const row = findRow(ctx, c.req.param('vendor'), c.req.param('order'), c.req.param('cert'));
    if (!row) return notFound(c, 'There is no such certificate.');
    const form = await c.req.parseBody();
    if (field(form, 'confirm') !== 'yes') return redirectWith(c, `${rowPath(row)}/action`, { kind: 'error', text: 'Tick the confirmation first.' });
    if (!reissuable(ctx, row)) return redirectWith(c, `${rowPath(row)}/action`, { kind: 'error', text: `This certificate is ${row.cert.status}; it cannot be reissued.` });
    const draft = startReissue(ctx, row);
    return c.redirect(`/reissue/${draft.id}/subject`, 303);
  });

  /** The confirmation step of Revoke: the certificate, a reason, [Revoke] and [Cancel]; the POST below does it. */
  app.get('/certificates/:vendor/:order/:cert/revoke', (c) => {
    const row = findRow(ctx, c.req.param('vendor'), c.req.param('order'), c.req.param('cert'));
    if (!row) return notFound(c, 'There is no such certificate.');
    const desktop = row.cert.profile === 'document-signing';
    const back = localPath(c.req.query('back') ?? '', desktop ? '/desktop-signing' : '/certificates');
    if (!isRevocable(row)) return redirectWith(c, back, { kind: 'error', text: `${rowName(row)} is ${row.cert.status}; only an issued or replaced certificate can be revoked.` });
    return c.html(
      <Layout title="Revoke certificate" active={desktop ? '/desktop-signing' : '/certificates'} now={ctx.clock.now()} flash={flashFrom(c)}>
        <form method="post" action={`${rowPath(row)}/revoke`} class="panel">
          <p>
            Revoke certificate <strong>{row.cert.commonName}</strong> ({row.order.vendor} <span class="mono">{idsText(row)}</span>, serial{' '}
            <span class="mono">{row.cert.serial?.toUpperCase() ?? '—'}</span>)?
          </p>
          <p class="hint">It is listed on the CRL and answered revoked by OCSP at once; this cannot be undone.</p>
          <input type="hidden" name="back" value={back} />
          <div class="field">
            <label for="r-reason">Reason</label>
            <select id="r-reason" name="reason">
              {revocationReasons.map(([code, text]) => (
                <option value={String(code)}>{text}</option>
              ))}
            </select>
          </div>
          <div class="buttons">
            <button type="submit" class="danger">
              Revoke
            </button>
            <a class="button secondary" href={back}>
              Cancel
            </a>
          </div>
        </form>
      </Layout>,
    );
  });

  app.post('/certificates/:vendor/:order/:cert/:action', async (c) => {
    const action = c.req.param('action');
    const row = findRow(ctx, c.req.param('vendor'), c.req.param('order'), c.req.param('cert'));
    const form = await c.req.parseBody();
    const back = backOf(form, row?.cert.profile === 'document-signing' ? '/desktop-signing' : '/certificates');
    if (!row) return redirectWith(c, back, { kind: 'error', text: 'There is no such certificate.' });
    if (action !== 'revoke' && !(orderActions as readonly string[]).includes(action)) return redirectWith(c, back, { kind: 'error', text: `The console has no action “${action}”.` });
    const message = actionMessages[action as OrderAction | 'revoke'];
    try {
      if (action === 'revoke') {
        const reason = Number(field(form, 'reason') || '0');
        if (!revocationReasons.some(([code]) => code === reason)) return redirectWith(c, back, { kind: 'error', text: 'Pick one of the listed revocation reasons.' });
        ctx.core.revoke(row.cert, { reason }, 'revoked in the console');
      } else {
        await runOrderAction(ctx, row.order, action as OrderAction);
      }
    } catch (e) {
      if (e instanceof ControlFailure || e instanceof CoreError) return redirectWith(c, back, { kind: 'error', text: `Could not ${message.verb} ${rowName(row)}: ${e.message}.`.replace(/\.\.$/, '.') });
      throw e;
    }
    return redirectWith(c, back, { kind: 'ok', text: message.done(rowName(row)) });
  });
}
