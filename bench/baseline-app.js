// The bare Hono app every mockca figure is compared with: one route per measured request answering
// the very bytes (status, content-type, body) mockca answered it with, as recorded by the bench just
// before: [{ method, path, status, contentType, bodyBase64 }]. Served by bench/hono-baseline.js,
// called in process by bench/parts/in-process.js.
import { Hono } from 'hono';

export function baselineApp(routes) {
  const app = new Hono();
  for (const r of routes) {
    const body = Buffer.from(r.bodyBase64, 'base64');
    app.on(r.method, r.path, (c) => c.body(body, r.status, { 'content-type': r.contentType }));
  }
  app.get('/', (c) => c.text('Hello Hono!'));
  return app;
}
