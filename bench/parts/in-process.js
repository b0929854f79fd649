// In process: the stateful GET of each vendor handed to mockca's own request listener (the one its
// port serves: Host guard, @hono/node-server, the vendor app, journal) and to the bare Hono app on
// the same adapter, as Node's HTTP server would hand it: an IncomingMessage and a ServerResponse on
// an in-memory socket. No kernel, no loopback TCP, no second process: what is left is the
// JavaScript each answer costs, mockca's beside the bare app's, interleaved round by round; and
// mockca's again with 100 non-matching scenario rules loaded, which the machine's drift over
// sockets hides.
// Run as a child of bench/run.js: `node bench/parts/in-process.js 5 20000` (rounds, requests per
// round; each side first answers 30,000 for the JIT). Prints JSON.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { startMockCa } from '../../dist/index.js';
import { baselineApp } from '../baseline-app.js';
import { clearRules, hundredNonMatchingRules, loadRules, recordAnswers, vendorTargets } from '../targets.js';

const [roundsArg = '5', countArg = '20000'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const count = Number(countArg);
const warmUp = 30_000;
/** Requests in flight at once, each on a socket of its own (as 50 connections would be). */
const inFlight = 50;

/** A socket that takes what is written and throws it away. */
function memorySocket(port) {
  const socket = new Duplex({
    read() {},
    write(_chunk, _encoding, done) {
      done();
    },
    writev(_chunks, done) {
      done();
    },
  });
  Object.assign(socket, { remoteAddress: '127.0.0.1', remotePort: 40000, localAddress: '127.0.0.1', localPort: port, encrypted: false });
  socket.setTimeout = socket.setNoDelay = socket.setKeepAlive = () => socket;
  return socket;
}

/** One request through `listener` on `socket`, resolved when its answer is finished, with its status. */
function exchange(listener, socket, request, rawHeaders, headers) {
  return new Promise((resolve) => {
    const req = new IncomingMessage(socket);
    Object.assign(req, { method: request.method ?? 'GET', url: request.path, httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1, headers: { ...headers }, rawHeaders });
    if (request.body !== undefined) req.push(Buffer.from(request.body));
    req.push(null);
    req.complete = true;
    const res = new ServerResponse(req);
    res.shouldKeepAlive = true;
    res.assignSocket(socket);
    res.on('finish', () => {
      res.detachSocket(socket);
      resolve(res.statusCode);
    });
    listener(req, res);
  });
}

const mock = await startMockCa({ digicertRateLimit: false });
try {
  const targets = await vendorTargets(mock.urls);
  const routes = await recordAnswers(targets);
  const bare = getRequestListener(baselineApp(routes).fetch);
  const rules = hundredNonMatchingRules(targets);
  const out = { inFlight, requestsPerRound: count, warmUp, rules: rules.length, vendors: {} };
  for (const [vendor, t] of Object.entries(targets)) {
    const port = Number(new URL(t.base).port);
    const headers = { host: `127.0.0.1:${port}`, ...t.request.headers, ...(t.request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(t.request.body)) }) };
    const rawHeaders = Object.entries(headers).flat();
    const sockets = Array.from({ length: inFlight }, () => memorySocket(port));
    const listener = mock.server.httpServers[vendor].listeners('request')[0];
    /** µs per answer over `n` requests, `inFlight` at a time; every answer must be a 200. */
    const measure = async (handle, n) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i += inFlight) {
        const statuses = await Promise.all(sockets.map((s) => exchange(handle, s, t.request, rawHeaders, headers)));
        if (statuses.some((s) => s !== 200)) throw new Error(`${vendor}: an answer was ${statuses.find((s) => s !== 200)}, not 200`);
      }
      return Number(process.hrtime.bigint() - started) / 1000 / n;
    };
    const sides = {
      mockca: (n) => measure(listener, n),
      hono: (n) => measure(bare, n),
      withRules: async (n) => {
        await loadRules(mock.urls.control, rules);
        try {
          return await measure(listener, n);
        } finally {
          await clearRules(mock.urls.control);
        }
      },
    };
    for (const side of Object.values(sides)) await side(warmUp);
    const p = { mockcaUs: [], honoUs: [], extraUs: [], withRulesUs: [], rulesExtraUs: [], answerBytes: t.answerBytes };
    const names = Object.keys(sides);
    for (let r = 0; r < rounds; r++) {
      const got = {};
      for (let i = 0; i < names.length; i++) {
        const side = names[(i + r) % names.length];
        got[side] = await sides[side](count);
      }
      p.mockcaUs.push(+got.mockca.toFixed(2));
      p.honoUs.push(+got.hono.toFixed(2));
      p.extraUs.push(+(got.mockca - got.hono).toFixed(2));
      p.withRulesUs.push(+got.withRules.toFixed(2));
      p.rulesExtraUs.push(+(got.withRules - got.mockca).toFixed(2));
    }
    out.vendors[vendor] = p;
  }
  console.log(JSON.stringify(out));
} finally {
  await mock.close();
}
process.exit(0);
