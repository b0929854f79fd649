// A small closed-loop HTTP load generator: `connections` keep-alive clients, each sending the next
// request as soon as the previous answer arrived, for `seconds`. Same client for every target, so
// the ratios it reports are fair.
import http from 'node:http';

export async function load({ url, method = 'GET', headers = {}, body, connections = 16, seconds = 5, warmupSeconds = 1 }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const payload = body === undefined ? undefined : Buffer.from(body);
  const options = {
    hostname: target.hostname,
    port: target.port,
    path: target.pathname + target.search,
    method,
    agent,
    headers: { ...headers, ...(payload ? { 'content-length': payload.length } : {}) },
  };
  const once = () =>
    new Promise((resolve) => {
      const req = http.request(options, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end(payload);
    });

  let counting = false;
  let done = 0;
  let errors = 0;
  let stop = false;
  const statuses = {};
  const worker = async () => {
    while (!stop) {
      const status = await once();
      if (counting) {
        done++;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 0 || status >= 500) errors++;
      }
    }
  };
  const workers = Array.from({ length: connections }, worker);
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  counting = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  return { requestsPerSecond: Math.round(done / elapsed), requests: done, errors, statuses };
}
