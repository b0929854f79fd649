// The bare Hono app every mockca figure is compared with: the same @hono/node-server, one route per
// measured request answering the very bytes (status, content-type, body) mockca answered it with,
// as recorded by the bench just before. Routes come as JSON in a file named on the command line:
// [{ method, path, status, contentType, bodyBase64 }]. Without one it is a hello-world.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
const routes = process.argv[2] ? JSON.parse(readFileSync(process.argv[2], 'utf8')) : [];
for (const r of routes) {
  const body = Buffer.from(r.bodyBase64, 'base64');
  app.on(r.method, r.path, (c) => c.body(body, r.status, { 'content-type': r.contentType }));
}
app.get('/', (c) => c.text('Hello Hono!'));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`baseline http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
