import type { Context } from 'hono';
import type * as z from 'zod';
import type { EmulatorContext } from '../../context.js';
import { BodyTooLarge, readBodyText } from '../../http/body.js';
import { BoundedMemo } from '../../lib/bounded-memo.js';
import { noteAnswer, refusalReason } from '../answer-note.js';
import type { Account, Order } from '../../state/model.js';
import { encodeReply, parseForm, renderError, type Encoded, type Reply } from './codec.js';
import { findEndpointName, operationName, resolveFormat, sectigoFormats, type ResponseFormat, type SectigoEndpointName } from './endpoints.js';
import { sectigoMessage, SectigoFailure } from './errors.js';
import type { SlidingWindowLimiter } from '../rate-limiter.js';
import { everySecond, type RenderedAnswers } from '../rendered-answers.js';

export type SectigoEnv = { Variables: { operation: string; account: Account } };

/** Everything a handler gets: the parsed form (already validated), the caller and the answer format. */
export interface SectigoCall<F> {
  ctx: EmulatorContext;
  c: Context<SectigoEnv>;
  endpoint: SectigoEndpointName;
  form: F;
  /** Every form value as sent (repeated keys keep every value). */
  raw: Map<string, string[]>;
  /** Undefined only on endpoints whose login is optional (DecodeCSR) when none was sent. */
  account: Account | undefined;
  format: ResponseFormat;
  https: boolean;
  /** Set by a read (`reads`): the order its reply shows, kept only while that order is settled. */
  shows?: Order;
}

export interface EndpointDef<S extends z.ZodObject> {
  name: SectigoEndpointName;
  summary: string;
  /** The form's schema, made on the endpoint's first call (or its OpenAPI document), not at start. */
  form: () => S;
  /** `optional`: DecodeCSR works without an account. */
  auth?: 'required' | 'optional';
  /** `csrHashes`: plain HTTP is refused only when showCSRHashes=Y (DecodeCSR). */
  https?: 'always' | 'csrHashes';
  /** True: a read, whose reply depends on its form, its caller and the state alone (kept in RenderedAnswers). */
  reads?: boolean;
  handle(call: SectigoCall<z.infer<S>>): Promise<Reply | Response>;
}

/** An endpoint with its form type erased, so the dispatcher can hold them in one table. */
export interface SectigoEndpoint {
  name: SectigoEndpointName;
  summary: string;
  form: z.ZodObject;
  auth: 'required' | 'optional';
  https: 'always' | 'csrHashes';
  reads: boolean;
  run(call: SectigoCall<unknown>): Promise<Reply | Response>;
}

export function defineEndpoint<S extends z.ZodObject>(def: EndpointDef<S>): SectigoEndpoint {
  let form: S | undefined;
  return {
    name: def.name,
    summary: def.summary,
    get form() {
      return (form ??= def.form());
    },
    auth: def.auth ?? 'required',
    https: def.https ?? 'always',
    reads: def.reads ?? false,
    run: (call) => def.handle(call as SectigoCall<z.infer<S>>),
  };
}

/** Sectigo answers HTTP 200 whatever happened; the status is in the body. */
/** `code`: the errorCode answered (negative: the journal names the error `sectigo:<code>`). */
function send(c: Context, encoded: Encoded, code: number, reason?: string, bytes?: Uint8Array<ArrayBuffer>): Response {
  const headers: Record<string, string> = { ...encoded.headers };
  const why = refusalReason(reason);
  if (why) headers['x-mockca-reason'] = why.header;
  noteAnswer(c, encoded.body, why?.text, code < 0 ? `sectigo:${code}` : null);
  return c.body(bytes ?? encoded.body, 200, headers);
}

/** A read's reply as sent, kept for the same form, caller and moment (see RenderedAnswers). */
export interface KeptReply {
  encoded: Encoded;
  code: number;
  bytes: Uint8Array<ArrayBuffer>;
}

const utf8 = new TextEncoder();
/** A longer form is answered, not kept: its text is the key. */
const maxKeptForm = 2048;

export function sendFailure(c: Context, endpoint: SectigoEndpointName | undefined, format: ResponseFormat, failure: SectigoFailure): Response {
  const message = sectigoMessage(endpoint, failure.code, failure.arg);
  return send(c, renderError(format, failure.code, message, failure.arg), failure.code, failure.reason);
}

/** Behind a TLS-terminating proxy the scheme is in x-forwarded-proto. */
export function isHttps(c: Context): boolean {
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return c.req.url.startsWith('https:');
}

/** The body once: readBodyText keeps it per request, so the scenario matcher, the journal and the handler share one read. */
async function bodyText(c: Context, limit: number): Promise<string> {
  const text = await readBodyText(c, limit);
  const cache = c.req.bodyCache as { text?: Promise<string> };
  cache.text ??= Promise.resolve(text);
  return text;
}

const last = (values: string[] | undefined): string | undefined => (values ? values[values.length - 1] : undefined);

export interface Dispatcher {
  endpoints: Map<SectigoEndpointName, SectigoEndpoint>;
  limiter: SlidingWindowLimiter;
  /** The replies of the endpoints that read (`reads`), by endpoint, caller and form. */
  answers: RenderedAnswers<KeptReply>;
}

/**
 * One route for every endpoint (names are case-insensitive): resolve the name, let the scenario
 * engine answer, then -17 GET, -1 plain HTTP, -2 unknown argument, -3/-16 login, -42 rate limit,
 * -3/-4 from the form schema, and finally the endpoint.
 */
export async function dispatch(ctx: EmulatorContext, c: Context<SectigoEnv>, d: Dispatcher, rawName: string, family: 'products' | 'download'): Promise<Response> {
  const decoded = safeDecode(rawName);
  const name = family === 'products' && !decoded.startsWith('!') ? undefined : findEndpointName(decoded);
  if (!name) {
    c.set('operation', 'sectigo.unknown');
    return c.body(`-14\nUnknown API endpoint '${decoded.replace(/[\r\n]/g, '')}'!\n`, 404, { 'content-type': 'text/plain;charset=UTF-8' });
  }
  const operation = operationName(name);
  c.set('operation', operation);
  const intercepted = ctx.hooks.intercept(c as unknown as Context, operation);
  const answered = intercepted === undefined ? undefined : await intercepted;
  if (answered) return answered;

  const endpoint = d.endpoints.get(name)!;
  let format = resolveFormat(name, c.req.query('responseFormat'));
  try {
    if (c.req.method !== 'POST') throw new SectigoFailure(-17, undefined, `${c.req.method} instead of POST`);
    const url = c.req.url;
    const queryAt = url.indexOf('?');
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1).replace(/#.*$/, '');
    const text = await bodyText(c, ctx.config.maxBodyBytes);
    const read = readForm(endpoint, text, query);
    const { raw, values } = read;
    format = read.format;

    const https = isHttps(c);
    const httpsRequired = ctx.config.sectigoRequireHttps && !https;
    if (httpsRequired && endpoint.https === 'always') throw new SectigoFailure(-1, undefined, 'plain HTTP while --sectigo-require-https is on');
    if (read.unknown !== undefined) {
      const key = read.unknown;
      const why = key === 'responseFormat' && !sectigoFormats[name].param ? `${name} takes no responseFormat` : `${name} has no argument ${key}`;
      throw new SectigoFailure(-2, key, why);
    }
    if (httpsRequired && last(raw.get('showCSRHashes')) === 'Y') throw new SectigoFailure(-1, undefined, 'showCSRHashes=Y needs https');

    let account: Account | undefined;
    if (endpoint.auth === 'required' || values.loginName !== undefined || values.loginPassword !== undefined) {
      if (values.loginName === undefined) throw new SectigoFailure(-3, 'loginName');
      if (values.loginPassword === undefined) throw new SectigoFailure(-3, 'loginPassword');
      account = ctx.store.accountByLogin('sectigo', values.loginName);
      if (!account || account.password !== values.loginPassword) throw new SectigoFailure(-16, undefined, 'unknown loginName or wrong loginPassword');
      c.set('account', account);
      if (!d.limiter.take(account.login ?? values.loginName)) throw new SectigoFailure(-42, undefined, `more than ${ctx.config.sectigoRateLimit} calls a minute`);
    }

    // The form as sent is the key: the same body and query parse to the same call (a kept reply's form passed its schema).
    const keptAs = endpoint.reads && text.length + query.length <= maxKeptForm ? `${name}\u0000${account?.id ?? ''}\u0000${format}\u0000${https}\u0000${query}\u0000${text}` : undefined;
    // The reply shows the time to the second (a ZIP's file dates); it is kept only while its order is settled (see below).
    const kept = keptAs === undefined ? undefined : d.answers.get(keptAs, everySecond);
    if (kept && 'hit' in kept) return send(c, kept.hit.encoded, kept.hit.code, undefined, kept.hit.bytes);

    const parsed = endpoint.form.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = String(issue.path[0] ?? '');
      throw new SectigoFailure(values[key] === undefined ? -3 : -4, key, `${key}: ${issue.message}`);
    }
    const call: SectigoCall<unknown> = { ctx, c, endpoint: name, form: parsed.data, raw, account, format, https };
    const result = await endpoint.run(call);
    if (result instanceof Response) return result;
    const encoded = encodeReply(format, result);
    if (keptAs === undefined || !kept || 'hit' in kept || !call.shows) return send(c, encoded, result.code);
    const reply = { encoded, code: result.code, bytes: utf8.encode(encoded.body) };
    // The order was refreshed before the reply was made: it stays the reply until a refresh would change the order again.
    d.answers.keep(keptAs, reply, kept, everySecond, ctx.core.settledUntil(call.shows, ctx.clock.nowMs()));
    return send(c, encoded, reply.code, undefined, reply.bytes);
  } catch (e) {
    if (e instanceof SectigoFailure) return sendFailure(c, name, format, e);
    if (e instanceof BodyTooLarge) return sendFailure(c, name, format, new SectigoFailure(-14, undefined, e.message));
    ctx.hooks.onUnexpected(e as Error, c as unknown as Context);
    return sendFailure(c, name, format, new SectigoFailure(-14, undefined, 'internal error (see the mockca log)'));
  }
}

/** A form as read, before anything else is checked: the same endpoint, body and query always read the same. */
interface ReadForm {
  /** Every value as sent, under the schema's spelling of its name. */
  raw: Map<string, string[]>;
  /** The non-empty values of each argument, repeated ones joined with commas (what the schema parses). */
  values: Record<string, string>;
  format: ResponseFormat;
  /** The first argument the endpoint does not have (-2), if any. */
  unknown: string | undefined;
}

/** Forms read lately, by endpoint, query and body: a client polls with the same form (read-only once read). */
const formsRead = new BoundedMemo<string, ReadForm>(64);

function readForm(endpoint: SectigoEndpoint, text: string, query: string): ReadForm {
  const memoKey = text.length + query.length <= maxKeptForm ? `${endpoint.name}\u0000${query}\u0000${text}` : undefined;
  const known = memoKey === undefined ? undefined : formsRead.get(memoKey);
  if (known) return known;
  const raw = canonicalKeys(endpoint, parseForm(text, query));
  const shape = endpoint.form.shape as Record<string, z.ZodType>;
  let unknown: string | undefined;
  for (const key of raw.keys()) {
    if (!Object.hasOwn(shape, key)) {
      unknown = key;
      break;
    }
  }
  const values: Record<string, string> = {};
  for (const [key, list] of raw) {
    const present = list.filter((v) => v !== '');
    if (present.length) values[key] = present.join(',');
  }
  const read = { raw, values, format: resolveFormat(endpoint.name, last(raw.get('responseFormat'))), unknown };
  if (memoKey !== undefined) formsRead.set(memoKey, read);
  return read;
}

const argumentNames = new WeakMap<z.ZodObject, Map<string, string>>();

/**
 * Argument names are case-insensitive (Sectigo's own samples send `RESPONSETYPE=2`): each key
 * becomes the schema's spelling; a key no schema knows stays as sent (and is -2).
 */
function canonicalKeys(endpoint: SectigoEndpoint, raw: Map<string, string[]>): Map<string, string[]> {
  let names = argumentNames.get(endpoint.form);
  if (!names) {
    names = new Map(Object.keys(endpoint.form.shape).map((k) => [k.toLowerCase(), k]));
    argumentNames.set(endpoint.form, names);
  }
  const out = new Map<string, string[]>();
  for (const [key, values] of raw) {
    const canonical = names.get(key.toLowerCase()) ?? key;
    const list = out.get(canonical);
    if (list) list.push(...values);
    else out.set(canonical, [...values]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
