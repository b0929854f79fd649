import type { EmulatorContext } from '../context.js';
import type { FetchHandler } from '../http/listen.js';
import type { ControlActions } from './env.js';

/**
 * The control API and console, built on the first request to the control port: a start binds the
 * port without evaluating the control routes, the console pages and the OpenAPI builders.
 */
export function lazyControlApp(ctx: EmulatorContext, actions: ControlActions): { fetch: FetchHandler } {
  let app: Promise<{ fetch: FetchHandler }> | undefined;
  const load = () => (app ??= import('./app.js').then(({ createControlApp }) => createControlApp(ctx, actions)));
  return { fetch: async (request, env) => (await load()).fetch(request, env) };
}
