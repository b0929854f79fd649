import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { cookieValue, sameSecret, tokenCookie } from '../control/control-token.js';
import { field } from './data.js';
import { Layout } from './layout.js';
import { localPath } from './local-path.js';

/** The login form of a console started with --control-token; `back` is where a login leads. */
export function loginPage(c: Context, ctx: EmulatorContext, back: string, status: 200 | 401, error?: string): Response | Promise<Response> {
  return c.html(
    <Layout title="Log in" active="" now={ctx.clock.now()} flash={error ? { kind: 'error', text: error } : undefined}>
      <div class="panel">
        <p>This mockca was started with a control token (--control-token). Enter it to use the console.</p>
        <form method="post" action="/login" class="buttons">
          <input type="hidden" name="back" value={localPath(back, '/certificates')} />
          <input type="password" name="token" aria-label="control token" autocomplete="current-password" required />
          <button type="submit">Log in</button>
        </form>
      </div>
    </Layout>,
    status,
  );
}

function remember(c: Context, ctx: EmulatorContext, token: string): void {
  setCookie(c, tokenCookie, cookieValue(token), { httpOnly: true, sameSite: 'Strict', path: '/', secure: ctx.config.tls });
}

/** `?token=` on any console page: the cookie is set and the page is shown again without the token in its address. */
export function loginWithQueryToken(c: Context, ctx: EmulatorContext, token: string): Response | Promise<Response> {
  const url = new URL(c.req.url);
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return loginPage(c, ctx, '/certificates', 401, 'That is not the control token.');
  url.searchParams.delete('token');
  remember(c, ctx, token);
  return c.redirect(localPath(`${url.pathname}${url.search}`, '/certificates'), 303);
}

export function loginRoutes(app: ControlApp, ctx: EmulatorContext): void {
  const token = ctx.config.controlToken;
  app.get('/login', (c) => (token === undefined ? c.redirect('/certificates', 303) : loginPage(c, ctx, c.req.query('back') ?? '/certificates', 200)));
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const back = localPath(field(form, 'back'), '/certificates');
    if (token === undefined) return c.redirect(back, 303);
    if (!sameSecret(field(form, 'token'), token)) return loginPage(c, ctx, back, 401, 'That is not the control token.');
    remember(c, ctx, token);
    return c.redirect(back, 303);
  });
}
