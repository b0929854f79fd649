import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { packageRoot } from '../version.js';
import { controlCall, errorText, listIn, text } from './control-call.js';
import { field, flashFrom, redirectWith } from './data.js';
import { Badge, Layout } from './layout.js';

function scenarioFiles(ctx: EmulatorContext): string[] {
  const dir = ctx.config.scenarioDir ?? join(packageRoot, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/i, ''))
    .sort();
}


/** The scenario switchboard: each named scenario file on or off, and the rules now active. */
export function switchboardRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.get('/scenarios', async (c) => {
    const active = await controlCall(app, 'GET', '/api/scenarios');
    const engine = active.status === 200;
    const loaded = listIn(active.json, ['loaded', 'scenarios', 'active']);
    const available = listIn(active.json, ['available']).map((f) => text(f.name));
    const descriptions = new Map(listIn(active.json, ['available']).map((f) => [text(f.name), text(f.description)]));
    const files = [...new Set([...(available.length ? available : scenarioFiles(ctx)), ...loaded.map((s) => text(s.name))])].filter(Boolean);
    const loadedNames = new Set(loaded.map((s) => text(s.name ?? s.scenario ?? s.id)));
    return c.html(
      <Layout title="Scenarios" active="/scenarios" now={ctx.clock.now()} flash={flashFrom(c)}>
        {engine ? null : <p class="flash error">The scenario engine does not answer GET /api/scenarios ({errorText(active.json, active.status)}); switching may not work yet.</p>}
        <h2>Switchboard</h2>
        <table>
          <thead>
            <tr>
              <th>Scenario</th>
              <th>Description</th>
              <th>State</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {files.length === 0 ? (
              <tr>
                <td colspan={4}>No scenario files found.</td>
              </tr>
            ) : null}
            {files.map((name) => {
              const on = loadedNames.has(name);
              const entry = loaded.find((s) => text(s.name ?? s.scenario ?? s.id) === name);
              return (
                <tr data-scenario={name}>
                  <td>{name}</td>
                  <td>{descriptions.get(name) ?? ''}</td>
                  <td>
                    <Badge value={on ? 'on' : 'off'} />
                  </td>
                  <td>
                    {on ? (
                      <form method="post" action="/scenarios/off">
                        <input type="hidden" name="id" value={text(entry?.id ?? name)} />
                        <button type="submit" class="secondary">
                          Turn off
                        </button>
                      </form>
                    ) : (
                      <form method="post" action="/scenarios/on">
                        <input type="hidden" name="name" value={name} />
                        <button type="submit">Turn on</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {loaded.length > 0 ? (
          <>
            <h2>Active rules</h2>
            <table>
              <thead>
                <tr>
                  <th>Scenario</th>
                  <th>Rule</th>
                  <th>Completion</th>
                  <th>Matched</th>
                  <th>Used</th>
                </tr>
              </thead>
              <tbody>
                {loaded.flatMap((s) =>
                  listIn(s.rules, []).map((r) => (
                    <tr data-active={text(s.name)}>
                      <td>{text(s.name)}</td>
                      <td class="mono">{text(r.explain)}</td>
                      <td>{text(r.completion)}</td>
                      <td>{text(r.matched)}</td>
                      <td>{r.exhausted === true ? `${text(r.used)} (used up)` : text(r.used)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </>
        ) : null}
      </Layout>,
    );
  });

  app.post('/scenarios/on', async (c) => {
    const name = field(await c.req.parseBody(), 'name');
    const res = await controlCall(app, 'POST', '/api/scenarios/load', { name });
    return redirectWith(c, '/scenarios', res.status < 300 ? { kind: 'ok', text: `Scenario ${name} is on.` } : { kind: 'error', text: `Could not turn ${name} on: ${errorText(res.json, res.status)}` });
  });

  app.post('/scenarios/off', async (c) => {
    const id = field(await c.req.parseBody(), 'id');
    const res = await controlCall(app, 'DELETE', `/api/scenarios/${encodeURIComponent(id)}`);
    return redirectWith(c, '/scenarios', res.status < 300 ? { kind: 'ok', text: `Scenario ${id} is off.` } : { kind: 'error', text: `Could not turn ${id} off: ${errorText(res.json, res.status)}` });
  });
}
