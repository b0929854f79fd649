import type { Context } from 'hono';
import type { LogLevel } from '../config.js';
import type { LogFormat, LogSink } from './request-log.js';

export interface MockCaLog {
  /** An exception a handler did not turn into a vendor answer (the client still gets the vendor's error). */
  unexpected(err: Error, c: Context): void;
  /** Something the operator should know, not about one request. */
  warn(message: string): void;
}

/** mockca's own failures and warnings: on every level but silent, in the log's format. */
export function mockCaLog(level: LogLevel, format: LogFormat, sink: LogSink): MockCaLog {
  if (level === 'silent') return { unexpected: () => {}, warn: () => {} };
  const write = (severity: 'error' | 'warn', message: string, err?: Error) =>
    sink.write(
      format === 'json'
        ? `${JSON.stringify({ time: new Date().toISOString(), level: severity, message, ...(err ? { error: err.stack ?? String(err) } : {}) })}\n`
        : `mockca: ${severity === 'warn' ? 'warning: ' : ''}${message}${err ? `: ${err.stack ?? String(err)}` : ''}\n`,
    );
  return {
    unexpected: (err, c) => write('error', `unexpected error on ${c.req.method} ${c.req.path}`, err),
    warn: (message) => write('warn', message),
  };
}
