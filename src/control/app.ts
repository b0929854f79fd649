import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { consoleFormBody } from '../console/form-body.js';
import { consoleRoutes } from '../console/routes.js';
import { BodyTooLarge } from '../http/body.js';
import type { ControlActions, ControlEnv } from './env.js';
import { controlAccess } from './access.js';
import { ControlFailure, controlError } from './respond.js';
import { acmeRoutes } from './routes/acme.js';
import { caRoutes } from './routes/ca.js';
import { clockRoutes } from './routes/clock.js';
import { contractRoutes } from './routes/contract.js';
import { dnsRoutes } from './routes/dns.js';
import { journalRoutes } from './routes/journal.js';
import { openApiRoutes } from './routes/openapi.js';
import { orderRoutes } from './routes/orders.js';
import { outboxRoutes } from './routes/outbox.js';
import { revocationRoutes } from './routes/revocation.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { seedRoutes } from './routes/seed.js';
import { systemRoutes } from './routes/system.js';

const routeGroups = [systemRoutes, clockRoutes, caRoutes, revocationRoutes, orderRoutes, outboxRoutes, dnsRoutes, consoleRoutes, scenarioRoutes, journalRoutes, contractRoutes, seedRoutes, openApiRoutes, acmeRoutes];

/** The control API (JSON, under /api) that test suites and QA drive the emulator with. */
export function createControlApp(ctx: EmulatorContext, actions: ControlActions): Hono<ControlEnv> {
  const app = new Hono<ControlEnv>();
  app.use('*', controlAccess(ctx));
  app.use('*', consoleFormBody(ctx));
  for (const register of routeGroups) register(app, ctx, actions);
  app.notFound((c) => controlError(c, 404, 'not_found', `no control route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof ControlFailure) return controlError(c, err.status, err.code, err.message);
    if (err instanceof BodyTooLarge) {
      c.header('connection', 'close');
      return controlError(c, 413, 'body_too_large', err.message);
    }
    ctx.hooks.onUnexpected(err, c);
    return controlError(c, 500, 'internal', 'internal error (see the mockca log)');
  });
  return app;
}
