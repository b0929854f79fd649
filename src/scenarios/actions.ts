import type { IncomingMessage } from 'node:http';
import type { VendorErrorCatalogue } from '../context.js';
import type { Vendor } from '../state/model.js';
import type { Rng } from '../state/rng.js';
import type { RequestView } from './request-view.js';
import type { DelaySpec, EffectKind, FaultKind, RespondSpec } from './schema.js';
import { ScenarioError } from './schema.js';

// ---- delays ------------------------------------------------------------------------------------

export interface Delay {
  /** Milliseconds to wait for this request (draws from the scenario generator). */
  draw(rng: Rng): number;
  explain(): string;
}

export function compileDelay(spec: DelaySpec): Delay {
  if (typeof spec === 'number' || 'fixed' in spec) {
    const ms = typeof spec === 'number' ? spec : spec.fixed;
    return { draw: () => ms, explain: () => `wait ${ms} ms` };
  }
  if ('uniform' in spec) {
    const [a, b] = spec.uniform;
    const [min, max] = a <= b ? [a, b] : [b, a];
    return { draw: (rng) => min + rng.next() * (max - min), explain: () => `wait ${min}–${max} ms (uniform)` };
  }
  const { median, sigma } = spec.lognormal;
  return {
    draw: (rng) => Math.min(600_000, median * Math.exp(sigma * rng.normal())),
    explain: () => `wait ~${median} ms (lognormal, sigma ${sigma})`,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- answers -----------------------------------------------------------------------------------

/** What a terminal rule does instead of the handler. */
export interface Answer {
  readonly kind: 'error' | 'raw' | 'fault';
  /** Answers the request (a fault answers by breaking the connection; the Response is then never sent). */
  answer(req: RequestView, operation: string | undefined): Promise<Response>;
  explain(): string;
}

export type Catalogues = Partial<Record<Vendor, VendorErrorCatalogue>>;

/** `regfish:409` → vendor + name. */
export function splitErrorName(full: string): { vendor: Vendor; name: string } {
  const at = full.indexOf(':');
  return { vendor: full.slice(0, at) as Vendor, name: full.slice(at + 1) };
}

const short = (operation: string | undefined) => operation?.slice(operation.indexOf('.') + 1);

/** What an operation-aware catalogue may want to know about the request (Sectigo: its responseFormat). */
export interface ErrorRequest {
  responseFormat?: string | null;
}

type Render = (name: string, operation?: string, request?: ErrorRequest) => ReturnType<VendorErrorCatalogue['render']>;

/** Renders a named error like the vendor's routes do; operation-aware catalogues (Sectigo) get the operation. */
export function renderError(catalogues: Catalogues, full: string, operation: string | undefined, request?: ErrorRequest) {
  const { vendor, name } = splitErrorName(full);
  const catalogue = catalogues[vendor];
  if (!catalogue) return undefined;
  const render = catalogue.render.bind(catalogue) as Render;
  return (operation ? (render(name, operation, request) ?? render(name, short(operation), request)) : undefined) ?? render(name, undefined, request);
}

/** Checks at load time that the named error exists, with a message that helps. */
export function checkErrorName(catalogues: Catalogues, full: string, operations: string[]): void {
  const { vendor, name } = splitErrorName(full);
  const catalogue = catalogues[vendor];
  if (!catalogue) throw new ScenarioError(`there is no ${vendor} error catalogue: the ${vendor} emulator does not register one (yet)`);
  const candidates = operations.length ? operations : [undefined];
  if (candidates.some((op) => renderError(catalogues, full, op) !== undefined)) return;
  throw new ScenarioError(`unknown ${vendor} error '${name}' (known: ${catalogue.names().join(', ')})`);
}

class ErrorAnswer implements Answer {
  readonly kind = 'error';
  constructor(
    private readonly catalogues: Catalogues,
    readonly error: string,
  ) {}
  async answer(req: RequestView, operation: string | undefined) {
    let request: ErrorRequest | undefined;
    if (req.vendor === 'sectigo') {
      const body = await req.body();
      request = { responseFormat: req.query('responseFormat') ?? (body.kind === 'form' ? (body.value.responseFormat ?? null) : null) };
    }
    const rendered = renderError(this.catalogues, this.error, operation, request);
    if (!rendered) return new Response(`mockca: the error ${this.error} is no longer in its catalogue`, { status: 500 });
    return new Response(rendered.body, { status: rendered.status, headers: rendered.headers });
  }
  explain() {
    return this.error;
  }
}

class RawAnswer implements Answer {
  readonly kind = 'raw';
  private readonly body: string | null;
  private readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    headers: Record<string, string> | undefined,
    body: unknown,
  ) {
    const json = body !== undefined && body !== null && typeof body !== 'string';
    this.body = body === undefined || body === null ? null : json ? JSON.stringify(body) : (body as string);
    this.headers = { ...(json ? { 'content-type': 'application/json' } : this.body !== null ? { 'content-type': 'text/plain; charset=utf-8' } : {}), ...headers };
  }
  async answer() {
    const noBody = this.status === 204 || this.status === 304 || this.status < 200;
    return new Response(noBody ? null : this.body, { status: this.status, headers: this.headers });
  }
  explain() {
    return `HTTP ${this.status}${this.body ? ` ${JSON.stringify(this.body.length > 40 ? `${this.body.slice(0, 40)}…` : this.body)}` : ''}`;
  }
}

const faultWords: Record<FaultKind, string> = {
  reset: 'connection reset',
  empty: 'empty reply (connection closed)',
  garbage: 'garbage bytes, then close',
  hang: 'hang until the client gives up',
};

/** Breaks the connection under the request, through the raw Node socket. */
class FaultAnswer implements Answer {
  readonly kind = 'fault';
  constructor(readonly fault: FaultKind) {}
  async answer(req: RequestView) {
    const socket = (req.c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
    const broken = () => new Response(null, { status: 502, headers: { 'x-mockca-fault': this.fault } });
    if (!socket) return broken();
    switch (this.fault) {
      case 'reset':
        if (typeof socket.resetAndDestroy === 'function' && !('encrypted' in socket)) socket.resetAndDestroy();
        else socket.destroy();
        break;
      case 'empty':
        socket.end();
        socket.destroySoon?.();
        break;
      case 'garbage':
        socket.end('\u0000\u00ff\u00fe garbage from mockca \u0007\r\n\r\n\u0000');
        break;
      case 'hang':
        if (!socket.destroyed) await new Promise<void>((resolve) => socket.once('close', () => resolve()));
        break;
      default: {
        const never: never = this.fault;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }
    return broken();
  }
  explain() {
    return faultWords[this.fault];
  }
}

export function compileAnswer(catalogues: Catalogues, respond: RespondSpec | null | undefined, fault: FaultKind | null | undefined): Answer | undefined {
  if (fault) return new FaultAnswer(fault);
  if (!respond) return undefined;
  if ('error' in respond) return new ErrorAnswer(catalogues, respond.error);
  return new RawAnswer(respond.status, respond.headers, respond.body);
}

export const effectWords: Record<EffectKind, string> = {
  pending: 'keep the order pending',
  reject: 'reject the order',
  issue: 'issue the order now',
  expire: 'expire the certificate',
  'approve-dcv': 'approve its domain validation',
  revoke: 'revoke the certificate',
  'caa-blocked': 'block its issuance as a forbidding CAA record would',
};
