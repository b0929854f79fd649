import type { CsrProblem } from '../ca/csr.js';
import type { CaaVerdict } from './caa.js';

/** Everything the core can refuse, as data; each vendor renders it in its own words. */
export type CoreProblem =
  | { kind: 'not_found'; entity: 'order' | 'certificate' | 'organization' | 'dns_record' | 'approval' | 'validation' }
  | { kind: 'illegal_transition'; entity: 'certificate' | 'order'; action: string; from: string; to: string }
  | { kind: 'conflict'; action: string; reason: string }
  | { kind: 'invalid'; field: string; reason: string }
  | { kind: 'csr'; problem: CsrProblem; message: string }
  /** CAA records forbid this CA to issue for some names (RFC 8659). */
  | { kind: 'caa'; blocked: CaaVerdict[] };

export class CoreError extends Error {
  constructor(readonly problem: CoreProblem) {
    super(describe(problem));
  }
}

function describe(p: CoreProblem): string {
  switch (p.kind) {
    case 'not_found':
      return `${p.entity} not found`;
    case 'illegal_transition':
      return `cannot ${p.action}: ${p.entity} is ${p.from}, and ${p.from} -> ${p.to} is not allowed`;
    case 'conflict':
      return `cannot ${p.action}: ${p.reason}`;
    case 'invalid':
      return `${p.field}: ${p.reason}`;
    case 'csr':
      return p.message;
    case 'caa':
      return `CAA forbids issuance: ${p.blocked.map((b) => `${b.name}: ${b.reason}`).join('; ')}`;
  }
}

export const notFound = (entity: Extract<CoreProblem, { kind: 'not_found' }>['entity']) => new CoreError({ kind: 'not_found', entity });
export const conflict = (action: string, reason: string) => new CoreError({ kind: 'conflict', action, reason });
