import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorContext } from '../context.js';
import { BodyTooLarge, readBodyText } from '../http/body.js';
import { Layout } from './layout.js';

/** A console page that says why a form was refused, with the status it goes with. */
export function consoleRefusal(c: Context, ctx: EmulatorContext, status: 400 | 403 | 413, title: string, text: string): Response | Promise<Response> {
  return c.html(
    <Layout title={title} active="" now={ctx.clock.now()} flash={{ kind: 'error', text }}>
      <p>
        <a href="/certificates">Back to Issued Certificates</a>
      </p>
    </Layout>,
    status,
  );
}

/**
 * Reads every console form post once, under the same body limit as the vendor APIs (413 page
 * when larger), and parses it (400 page when the form cannot be read), so the routes' own
 * `parseBody()` only ever sees a bounded body that parses.
 */
export function consoleFormBody(ctx: EmulatorContext): MiddlewareHandler {
  const limit = ctx.config.maxBodyBytes;
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/')) return next();
    try {
      await readBodyText(c, limit);
      await c.req.parseBody();
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        // The rest of the body is not read, so this connection cannot carry another request.
        c.header('connection', 'close');
        return consoleRefusal(c, ctx, 413, 'Form too large', `The form is larger than ${limit} bytes (the console's limit, as on the vendor APIs); nothing was changed.`);
      }
      return consoleRefusal(c, ctx, 400, 'Form not readable', `The form could not be read (${(e as Error).message}); nothing was changed.`);
    }
    return next();
  };
}
