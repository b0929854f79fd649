import type { FC } from 'hono/jsx';
import type { EmulatorContext } from '../context.js';
import { rowPath, vendorIds, type CertificateRow } from './data.js';
import { Badge, day } from './layout.js';
import { vendorReissue } from './vendor-reissue.js';

/** The order actions of the certificates menu, beside Reissue, Revoke and Download. */
export const orderActions = ['approve-dcv', 'issue', 'reject', 'expire'] as const;
export type OrderAction = (typeof orderActions)[number];

export const actionLabels: Record<OrderAction, string> = {
  'approve-dcv': 'Approve DCV',
  issue: 'Issue now',
  reject: 'Reject',
  expire: 'Expire',
};

/** Only an issued or replaced certificate can be revoked (a pending one is rejected instead). */
export const isRevocable = (r: CertificateRow) => r.cert.status === 'issued' || r.cert.status === 'replaced';

/** Can this row be reissued from the console? Only the order's current certificate, in a state its vendor reissues from. */
export function reissuable(ctx: EmulatorContext, r: CertificateRow): boolean {
  return r.order.state === 'open' && ctx.core.current(r.order).id === r.cert.id && vendorReissue[r.order.vendor].allowedFrom.includes(r.cert.status);
}

/** The per-row menu: a <details> whose list opens over the page (CSS only), not inside the row. */
const MoreActions: FC<{ ctx: EmulatorContext; row: CertificateRow; back: string }> = ({ ctx, row, back }) => {
  const path = rowPath(row);
  const s = row.cert.status;
  const simple = (action: OrderAction) => (
    <form method="post" action={`${path}/${action}`}>
      <input type="hidden" name="back" value={back} />
      <button type="submit" class="secondary">
        {actionLabels[action]}
      </button>
    </form>
  );
  return (
    <details class="actions">
      <summary>More Actions</summary>
      <div class="menu">
        {reissuable(ctx, row) ? (
          <a class="button secondary" href={`${path}/action`}>
            Reissue Certificate
          </a>
        ) : null}
        {isRevocable(row) ? (
          <a class="button danger" href={`${path}/revoke?${new URLSearchParams({ back })}`}>
            Revoke…
          </a>
        ) : null}
        {s === 'pending' ? [simple('approve-dcv'), simple('issue'), simple('reject')] : null}
        {s === 'issued' ? simple('expire') : null}
        {row.cert.pem ? (
          <a class="button secondary" href={`${path}/pem`}>
            Download PEM
          </a>
        ) : null}
      </div>
    </details>
  );
};

/** A certificate's SANs, one a line. */
export const DnsNames: FC<{ names: string[] }> = ({ names }) => (
  <>
    {names.map((n, i) => (
      <div>
        {n}
        {i < names.length - 1 ? ',' : ''}
      </div>
    ))}
  </>
);

/** The ids a vendor's user knows a certificate by (Regfish: one id; DigiCert, Sectigo: order and certificate). */
export const Ids: FC<{ row: CertificateRow }> = ({ row }) => (
  <>
    {vendorIds(row).map((id) => (
      <div>
        {id.label ? <span class="label">{id.label}</span> : null}
        <span class="mono">{id.value}</span>
      </div>
    ))}
    {row.order.vendor !== 'regfish' && row.cert.kind !== 'original' ? <div class="hint">{row.cert.kind}</div> : null}
  </>
);

/** The Issued Certificates table, shared by the Certificate Center and Desktop Signing. */
export const CertificateTable: FC<{ ctx: EmulatorContext; rows: CertificateRow[]; back: string; desktop?: boolean }> = ({ ctx, rows, back, desktop }) => (
  <table>
    <thead>
      <tr>
        <th>Common Name</th>
        {desktop ? null : <th>SANs</th>}
        <th>Serial Number</th>
        <th>Vendor / Account</th>
        <th>Product</th>
        <th>ID</th>
        <th>Status</th>
        <th>Valid From</th>
        <th>Valid To</th>
        <th>Actions</th>
      </tr>
    </thead>
    <tbody>
      {rows.length === 0 ? (
        <tr>
          <td colspan={desktop ? 9 : 10}>No certificates match.</td>
        </tr>
      ) : null}
      {rows.map((r) => (
        <tr data-order={r.order.publicId} data-cert={r.cert.publicId} data-status={r.cert.status} data-vendor={r.order.vendor}>
          <td class="name">{r.cert.commonName}</td>
          {desktop ? null : (
            <td class="name">
              <DnsNames names={r.cert.dnsNames} />
            </td>
          )}
          <td class="mono serial">{r.cert.serial ? <span class="digits">{r.cert.serial.toUpperCase()}</span> : '—'}</td>
          <td class="vendor">
            <div>{r.order.vendor}</div>
            <div class="account">{r.account?.name ?? '—'}</div>
          </td>
          <td class="nowrap">{r.order.product}</td>
          <td class="ids">
            <Ids row={r} />
          </td>
          <td>
            <Badge value={r.cert.status} />
          </td>
          <td class="nowrap">{day(r.cert.notBefore)}</td>
          <td class="nowrap">{day(r.cert.notAfter)}</td>
          <td class="actions">
            <MoreActions ctx={ctx} row={r} back={back} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

