// A small closed-loop HTTP/1.1 load generator on raw sockets: `connections` keep-alive clients,
// each sending its next request as soon as the previous answer is complete, for `seconds` after a
// warm-up. Requests are serialised to bytes once, answers are framed by content-length (or
// chunked) without building any object per answer, so one client core can drive far more
// requests per second than the server under test: the same client for every server, so the
// ratios it reports are fair. Latency is taken per request, send to last byte.
import { readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * One request as bytes. `host` is what the Host header says (the server's `host:port`).
 * @param {{ method?: string, path: string, headers?: Record<string,string>, body?: string | Buffer }} req
 */
export function requestBytes(host, { method = 'GET', path, headers = {}, body }) {
  const payload = body === undefined ? undefined : Buffer.from(body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (payload) head += `content-length: ${payload.length}\r\n`;
  head += '\r\n';
  return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Parses the head of one answer at `buf[0..]`: status, where the body starts, its length or chunked. */
function parseHead(buf, headEnd) {
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  let length = -1;
  let chunked = false;
  let close = false;
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding' && value.includes('chunked')) chunked = true;
    else if (name === 'connection' && value === 'close') close = true;
  }
  return { status, bodyStart: headEnd + 4, length: chunked ? -1 : Math.max(0, length), chunked, close };
}

/** End of a chunked body starting at `from`, or -1 if not all of it has arrived. */
function chunkedEnd(buf, from) {
  let at = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return -1;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const end = buf.indexOf(CRLFCRLF, lineEnd);
      return end < 0 ? -1 : end + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buf.length) return -1;
  }
}

/** CPU time (user + system) a process has used so far in ms, from /proc (Linux); undefined elsewhere. */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
const ticksPerSecond = 100;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(3);
}

/**
 * Drives load at `url` (origin only matters) with `request` (one request, sent again and again)
 * or `next(i)` (a function returning the i-th request, for a mix). Resolves with requests per
 * second, status counts, errors (no answer or 5xx) and latency percentiles in ms (and every
 * latency, sorted, with `keepLatencies`; and the CPU the server used per answer, given `serverPid`).
 */
export async function load({ url, request, next, method, path, headers, body, connections = 50, seconds = 5, warmupSeconds = 1, keepLatencies = false, serverPid }) {
  const target = new URL(url);
  const host = target.host;
  const fixed = next ? undefined : requestBytes(host, request ?? { method, path: path ?? target.pathname + target.search, headers, body });
  let sent = 0;
  const bytesOf = next ? () => requestBytes(host, next(sent++)) : () => fixed;

  let counting = false;
  let stopped = false;
  let done = 0;
  let errors = 0;
  const statuses = {};
  const latencies = [];
  const sockets = new Set();

  const record = (status, ms) => {
    if (!counting) return;
    done++;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 0 || status >= 500) errors++;
    latencies.push(ms);
  };

  const client = () => {
    if (stopped) return;
    const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    sockets.add(socket);
    let buf = Buffer.alloc(0);
    let startedAt = 0;
    let head;
    let inFlight = false;
    const send = () => {
      if (stopped) return socket.end();
      head = undefined;
      inFlight = true;
      startedAt = performance.now();
      socket.write(bytesOf());
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      for (;;) {
        if (!head) {
          const headEnd = buf.indexOf(CRLFCRLF);
          if (headEnd < 0) return;
          head = parseHead(buf, headEnd);
        }
        const end = head.chunked ? chunkedEnd(buf, head.bodyStart) : buf.length >= head.bodyStart + head.length ? head.bodyStart + head.length : -1;
        if (end < 0) return;
        inFlight = false;
        record(head.status, performance.now() - startedAt);
        buf = buf.subarray(end);
        if (head.close) return socket.destroy();
        send();
        if (buf.length === 0) return;
      }
    });
    const lost = () => {
      sockets.delete(socket);
      if (inFlight) record(0, performance.now() - startedAt);
      inFlight = false;
      // A server that closes keeps being asked, on a new connection, after a short pause.
      if (!stopped) setTimeout(client, 5);
    };
    socket.on('error', () => {});
    socket.on('close', lost);
  };

  for (let i = 0; i < connections; i++) client();
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  counting = true;
  const started = performance.now();
  const cpuBefore = serverPid ? cpuMsOf(serverPid) : undefined;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = serverPid ? cpuMsOf(serverPid) : undefined;
  stopped = true;
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(done / elapsed),
    requests: done,
    errors,
    statuses,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
    // The server's own CPU per answer: steadier than req/s on a machine shared with other work.
    ...(cpuBefore !== undefined && cpuAfter !== undefined && done ? { serverCpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000) / done) } : {}),
    ...(keepLatencies ? { latencies } : {}),
  };
}
