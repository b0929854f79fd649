import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { ClockOutOfRange } from '../state/clock.js';
import { Outbox } from '../state/outbox.js';
import { controlCall, errorText, listIn, text } from './control-call.js';
import { field, flashFrom, redirectWith } from './data.js';
import { Layout, time } from './layout.js';
import { consolePage, counted, Pager } from './pager.js';
import { switchboardRoutes } from './switchboard.js';

/** "The virtual clock follows the wall clock.", "Ahead of the wall clock by 1 second." … */
function offsetText(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  if (seconds === 0) return 'The virtual clock follows the wall clock.';
  return `${offsetMs > 0 ? 'Ahead of' : 'Behind'} the wall clock by ${counted(seconds, 'second')}.`;
}

export function toolRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.get('/outbox', (c) => {
    const at = consolePage(c);
    const { rows: messages, total } = ctx.store.outboxPage({}, at, true);
    return c.html(
      <Layout title="Outbox" active="/outbox" now={ctx.clock.now()} flash={flashFrom(c)}>
        <p class="hint">Every email mockca “sent”: domain validation approvals, notifications and console verification codes.</p>
        <Pager path="/outbox" at={at} total={total} shown={messages.length} noun="message" />
        <table>
          <thead>
            <tr>
              <th>Sent</th>
              <th>To</th>
              <th>Kind</th>
              <th>Subject</th>
              <th>Message</th>
              <th>Link</th>
              <th>Used</th>
            </tr>
          </thead>
          <tbody>
            {messages.length === 0 ? (
              <tr>
                <td colspan={7}>The outbox is empty.</td>
              </tr>
            ) : null}
            {messages.map((m) => (
              <tr data-kind={m.kind}>
                <td>{time(m.createdAt)}</td>
                <td>{m.to}</td>
                <td>{m.kind}</td>
                <td>{m.subject}</td>
                <td class="message">{m.body}</td>
                <td class="nowrap">
                  {m.link ? <a href={m.link}>open link</a> : '—'}
                  {m.token && m.orderId !== null && m.usedAt === null ? (
                    <form method="post" action={`/outbox/${m.id}/approve`}>
                      <button type="submit" class="secondary">
                        Approve
                      </button>
                    </form>
                  ) : null}
                </td>
                <td>{time(m.usedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });

  /** Follows a DCV email's approval link for the person reading the outbox. */
  app.post('/outbox/:id/approve', async (c) => {
    const id = c.req.param('id');
    const message = /^\d{1,15}$/.test(id) ? ctx.store.outboxMessage(Number(id)) : undefined;
    if (!message?.token) return redirectWith(c, '/outbox', { kind: 'error', text: 'That message has no approval link.' });
    const result = await new Outbox(ctx.core).follow(message.token, 'email approval link followed in the console');
    if (!result?.validated.length) return redirectWith(c, '/outbox', { kind: 'ok', text: 'Nothing new to approve: no domain of that link was still waiting for validation.' });
    return redirectWith(c, '/outbox', { kind: 'ok', text: `Approved: ${result.validated.join(', ')}.` });
  });

  switchboardRoutes(app, ctx);

  app.get('/clock', (c) =>
    c.html(
      <Layout title="Clock" active="/clock" now={ctx.clock.now()} flash={flashFrom(c)}>
        <div class="panel">
          <p>
            Virtual time: <strong id="clock-now">{ctx.clock.now().toISOString()}</strong>
          </p>
          <p class="hint">{offsetText(ctx.clock.offset)} Expiry, issuance delays and one-time codes follow this clock.</p>
          <form method="post" action="/clock/advance" class="buttons">
            <input type="number" name="amount" value="1" min={1} aria-label="amount" />
            <select name="unit" aria-label="unit">
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
              <option value="days">days</option>
            </select>
            <button type="submit">Advance</button>
          </form>
          <form method="post" action="/clock/reset" class="buttons">
            <button type="submit" class="secondary">
              Back to the wall clock
            </button>
          </form>
        </div>
      </Layout>,
    ),
  );

  const unitMs: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
  app.post('/clock/advance', async (c) => {
    const form = await c.req.parseBody();
    const amount = Number(field(form, 'amount'));
    const unit = field(form, 'unit');
    if (!Number.isFinite(amount) || amount <= 0 || !unitMs[unit]) return redirectWith(c, '/clock', { kind: 'error', text: 'Give a positive amount of minutes, hours or days.' });
    try {
      ctx.clock.advance(amount * unitMs[unit]);
    } catch (e) {
      if (e instanceof ClockOutOfRange) return redirectWith(c, '/clock', { kind: 'error', text: `The clock was not advanced: ${e.message}.` });
      throw e;
    }
    return redirectWith(c, '/clock', { kind: 'ok', text: `The clock was advanced by ${counted(amount, unit.slice(0, -1))}.` });
  });

  app.post('/clock/reset', (c) => {
    ctx.clock.reset();
    return redirectWith(c, '/clock', { kind: 'ok', text: 'The clock follows the wall clock again.' });
  });

  app.get('/journal', async (c) => {
    const res = await controlCall(app, 'GET', '/api/journal?limit=50');
    const entries = listIn(res.json, ['entries', 'requests', 'journal', 'items']).slice(-50).reverse();
    const columns = ['at', 'clock', 'vendor', 'method', 'path', 'operation', 'status', 'error', 'answeredBy'];
    const labels: Record<string, string> = { at: 'Time', clock: 'Virtual clock', answeredBy: 'Answered by' };
    const present = columns.filter((k) => entries.some((e) => e[k] !== undefined));
    return c.html(
      <Layout title="Journal" active="/journal" now={ctx.clock.now()} flash={flashFrom(c)}>
        <p class="hint">The latest 50 requests to the vendor ports, newest first (GET /api/journal has filters).</p>
        {res.status !== 200 ? (
          <p class="flash error">The request journal does not answer GET /api/journal ({errorText(res.json, res.status)}).</p>
        ) : (
          <table>
            <thead>
              <tr>
                {present.map((k) => (
                  <th>{labels[k] ?? k[0].toUpperCase() + k.slice(1)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.length === 0 ? (
                <tr>
                  <td colspan={Math.max(1, present.length)}>No requests yet.</td>
                </tr>
              ) : null}
              {entries.map((e) => (
                <tr>
                  {present.map((k) => (
                    <td class={k === 'path' ? 'mono path' : undefined}>{k === 'at' || k === 'clock' ? text(e[k]).replace('T', ' ').replace(/\.\d+Z$/, '') : text(e[k])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });
}
