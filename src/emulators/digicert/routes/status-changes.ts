import { v2, type DigicertRoutes } from '../env.js';
import { shownCertificate, digicertStatus } from '../status.js';
import { DigicertFailure, fieldError, json } from '../respond.js';
import { digicertResponses } from '../schema-lib.js';

const weekMs = 7 * 86_400_000;

/** `2021-10-01+00:00:00`, `2021-10-01 00:00:00`, `2021-10-01T00:00:00` or `2021-10-01`, as UTC. */
function parseMoment(text: string, field: string): number {
  const m = text.trim().match(/^(\d{4}-\d{2}-\d{2})(?:[ T+](\d{2}:\d{2}(?::\d{2})?))?$/);
  const ms = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) : NaN;
  if (!Number.isFinite(ms)) throw fieldError('invalid_param', field, `'${text}' is not a date`);
  return ms;
}

function positiveInt(raw: string, field: string): number {
  if (!/^\d+$/.test(raw)) throw fieldError('invalid_param', field, `${field} must be a positive integer`);
  return Number(raw);
}

export const statusChangeRoutes: DigicertRoutes = (app, ctx) => {
  app.get(
    'digicert.order.statusChanges',
    `${v2}/order/certificate/status-changes`,
    async (c) => {
      const now = ctx.clock.nowMs();
      const minutes = c.req.query('minutes');
      const seconds = c.req.query('seconds');
      const range = c.req.query('filters[status_last_updated]');
      let from: number;
      let to = now;
      if (minutes !== undefined) {
        const n = positiveInt(minutes, 'minutes');
        if (n * 60_000 > weekMs) throw new DigicertFailure('time_frame_too_long', `${n} minutes > 10080`);
        from = now - n * 60_000;
      } else if (seconds !== undefined) {
        const n = positiveInt(seconds, 'seconds');
        if (n * 1000 > weekMs) throw new DigicertFailure('time_frame_too_long', `${n} seconds > 604800`);
        from = now - n * 1000;
      } else if (range !== undefined) {
        const parts = range.split('...');
        if (parts.length !== 2) throw fieldError('invalid_param', 'filters[status_last_updated]', 'expected FROM...TO');
        from = parseMoment(parts[0], 'filters[status_last_updated]');
        to = parseMoment(parts[1], 'filters[status_last_updated]');
        if (to < from) throw fieldError('invalid_param', 'filters[status_last_updated]', 'TO is before FROM');
        if (to - from > weekMs) throw new DigicertFailure('time_frame_too_long', 'the range is longer than 7 days');
      } else {
        throw new DigicertFailure('time_frame_required', 'give minutes, seconds or filters[status_last_updated]');
      }
      // The orders with events in the window, in id order (not every order of the account).
      const changed = [...new Set(ctx.store.eventsBetween(from, to).map((e) => e.orderId))].sort((a, b) => a - b);
      const accountId = c.get('account').id;
      const out = [];
      for (const id of changed) {
        const o = ctx.store.order(id);
        if (!o || o.accountId !== accountId || o.vendor !== 'digicert') continue;
        const order = await ctx.core.refresh(o);
        out.push({ order_id: Number(order.publicId), certificate_id: Number(shownCertificate(ctx.core, order).publicId), status: digicertStatus(ctx.core, order) });
      }
      return json(c, { orders: out });
    },
    () => ({ summary: 'Orders whose status changed in a time frame (at most 7 days)', response: digicertResponses().statusChangesResponse }),
  );
};
