import type { LogLevel } from '../config.js';
import { materialise, type JournalEntry, type StoredRecord } from '../journal/journal.js';
import { withoutSecrets } from '../journal/secrets.js';

/** Where log lines go: process.stderr, or anything with write(). */
export interface LogSink {
  write(text: string): unknown;
}

export type LogFormat = 'pretty' | 'json';

/**
 * The request log: one line per request a vendor listener answered, fed by the journal's record
 * (the same noted answer the journal keeps, never the response again). Undefined below `info`,
 * so a silent log formats nothing.
 */
export function requestLogger(level: LogLevel, format: LogFormat, sink: LogSink): ((e: StoredRecord) => void) | undefined {
  if (level !== 'info' && level !== 'debug') return undefined;
  const bodies = level === 'debug';
  return format === 'json' ? (e) => sink.write(jsonLine(e, bodies)) : (e) => sink.write(prettyLines(e, bodies));
}

const answer = (e: StoredRecord): string => (e.status === null ? `fault:${e.fault ?? 'connection'}` : String(e.status));
const refused = (e: StoredRecord): boolean => e.reason !== null && e.status !== null && e.status >= 400 && e.status < 500;
/** A path with a space, a quote or a control character is quoted, so a line stays one line. */
const shownPath = (path: string): string => (/[\s"\u0000-\u001f\u007f-\u009f]/.test(path) ? JSON.stringify(path) : path);
const rule = (e: StoredRecord): string | null => (e.scenario ? `${e.scenario.name}#${e.scenario.rule}` : null);

/** `2026-05-04T10:00:00.000Z regfish POST /tls/certificate regfish.createCertificate 409 2.1ms scenario=… reason="…"` */
function prettyLines(e: StoredRecord, bodies: boolean): string {
  let line = `${new Date(e.at).toISOString()} ${e.vendor} ${e.method} ${shownPath(e.path)} ${e.operation ?? '-'} ${answer(e)} ${e.durationMs.toFixed(1)}ms`;
  if (e.error !== null) line += ` error=${e.error}`;
  const answeredBy = rule(e);
  if (answeredBy !== null) line += ` scenario=${answeredBy}`;
  if (refused(e)) line += ` reason=${JSON.stringify(e.reason)}`;
  line += '\n';
  if (!bodies) return line;
  const shown = masked(e);
  if (shown.query) line += `  query: ${shown.query}\n`;
  line += `  request headers: ${JSON.stringify(shown.request.headers)}\n`;
  if (shown.request.body !== null) line += `  request body: ${JSON.stringify(shown.request.body)}\n`;
  line += `  response headers: ${JSON.stringify(shown.response.headers)}\n`;
  if (shown.response.body !== null) line += `  response body: ${JSON.stringify(shown.response.body)}\n`;
  return line;
}

function jsonLine(e: StoredRecord, bodies: boolean): string {
  const line: Record<string, unknown> = {
    time: new Date(e.at).toISOString(),
    level: 'info',
    vendor: e.vendor,
    method: e.method,
    path: e.path,
    operation: e.operation,
    status: e.status,
    durationMs: e.durationMs,
    error: e.error,
    scenario: e.scenario,
    answeredBy: e.answeredBy,
    fault: e.fault,
    reason: refused(e) ? e.reason : null,
  };
  if (bodies) {
    const shown = masked(e);
    line.level = 'debug';
    line.query = shown.query;
    line.request = { headers: shown.request.headers, body: shown.request.body };
    line.response = { headers: shown.response.headers, body: shown.response.body };
  }
  return `${JSON.stringify(line)}\n`;
}

/** The record with the journal's own masking applied (API keys, dev keys, loginPassword). */
function masked(e: StoredRecord): JournalEntry {
  return withoutSecrets(materialise(e));
}
