import type { OperationInfo } from '../emulators/operation-router.js';
import type { Vendor } from '../state/model.js';
import type { Catalogues } from './actions.js';

/** Hono path (`/tls/certificate/:certificate_id`, `:id{[0-9]+}`, `*`) → anchored regular expression. */
export function honoPathRegex(path: string, flags = ''): RegExp {
  let out = '';
  const re = /:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^{}]*\})+)\})?(\?)?|\*|([^:*]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[0] === '*') out += '.*';
    else if (m[5] !== undefined) out += m[5].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    else out += `(${m[3] ?? '[^/]+'})${m[4] ? '?' : ''}`;
  }
  return new RegExp(`^${out}/?$`, flags);
}

/**
 * Which operation a method + path belongs to, even when the request never reached routing
 * (refused by auth first): used for the journal and for errors answered before routing.
 */
export class RouteTable {
  private compiled = new WeakMap<OperationInfo[], { method: string; regex: RegExp; operation: string }[]>();

  operationOf(operations: OperationInfo[], method: string, path: string): string | undefined {
    let table = this.compiled.get(operations);
    // Sectigo endpoint names are case-insensitive and `%21` is `!`.
    const sectigo = operations[0]?.operation.startsWith('sectigo.') ?? false;
    if (!table || table.length !== operations.length) {
      table = operations.map((o) => ({ method: o.method, regex: honoPathRegex(o.path, sectigo ? 'i' : ''), operation: o.operation }));
      this.compiled.set(operations, table);
    }
    const p = sectigo ? path.replace(/%21/gi, '!') : path;
    for (const r of table) if (r.method === method && r.regex.test(p)) return r.operation;
    return undefined;
  }

  private known = new WeakMap<OperationInfo[], Set<string>>();

  /** Whether the operation is one of the vendor's (a dispatcher's `sectigo.unknown` is not). */
  isKnown(operations: OperationInfo[], operation: string): boolean {
    if (!operations.length) return true;
    let set = this.known.get(operations);
    if (!set || set.size === 0) this.known.set(operations, (set = new Set(operations.map((o) => o.operation))));
    return set.has(operation);
  }
}

const reverse = new WeakMap<object, Map<string, Map<string, string>>>();

/**
 * The named error a response is, by comparing it with what the vendor's catalogue renders
 * (`regfish:reissueConflict`), else by the vendor's wire conventions (`sectigo:-26`,
 * `digicert:not_found|order`, `regfish:HTTP 418`); null for a success.
 */
export function classifyError(catalogues: Catalogues, vendor: Vendor, operation: string | undefined, status: number, body: string): string | null {
  const catalogue = catalogues[vendor];
  if (catalogue && vendor !== 'sectigo') {
    let perOp = reverse.get(catalogue);
    if (!perOp) reverse.set(catalogue, (perOp = new Map()));
    const key = operation ?? '';
    let table = perOp.get(key);
    if (!table) {
      table = new Map();
      const names = catalogue.names();
      // Prefer descriptive names over numeric aliases (regfish `reissueConflict` over `409`).
      const ordered = [...names.filter((n) => !/^-?\d+$/.test(n)), ...names.filter((n) => /^-?\d+$/.test(n))];
      for (const name of ordered) {
        let rendered;
        try {
          rendered = (operation ? catalogue.render(name, operation) ?? catalogue.render(name, operation.slice(operation.indexOf('.') + 1)) : undefined) ?? catalogue.render(name);
        } catch {
          rendered = undefined;
        }
        if (!rendered) continue;
        const k = `${rendered.status}\n${rendered.body}`;
        if (!table.has(k)) table.set(k, name);
      }
      perOp.set(key, table);
    }
    const named = table.get(`${status}\n${body}`);
    if (named) return `${vendor}:${named}`;
  }
  if (vendor === 'sectigo') {
    const code = /^\s*(-\d+)\b/.exec(body)?.[1] ?? /(?:^|&)errorCode=(-\d+)/.exec(body)?.[1] ?? /"errorCode"\s*:\s*(-\d+)/.exec(body)?.[1];
    if (code) return `sectigo:${code}`;
    return status >= 400 ? `sectigo:HTTP ${status}` : null;
  }
  if (status < 400) return null;
  if (vendor === 'digicert') {
    try {
      const code = (JSON.parse(body) as { errors?: { code?: string }[] }).errors?.[0]?.code;
      if (code) return `digicert:${code}`;
    } catch {
      // not JSON
    }
  }
  return `${vendor}:HTTP ${status}`;
}
