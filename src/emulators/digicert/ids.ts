import type { EmulatorContext } from '../../context.js';

/** Numeric ids like DigiCert's (orders 8 digits, certificates 8, requests 7), drawn from the seeded generator. */
export function newOrderId(ctx: EmulatorContext): string {
  for (;;) {
    const id = ctx.rng.digits(8);
    if (!ctx.store.orderIdTaken('digicert', id)) return id;
  }
}

export function newCertificateId(ctx: EmulatorContext, accountId: number): string {
  for (;;) {
    const id = ctx.rng.digits(8);
    if (!ctx.store.certificateByPublicId(accountId, 'digicert', id)) return id;
  }
}

export function newRequestId(ctx: EmulatorContext, accountId: number): string {
  for (;;) {
    const id = ctx.rng.digits(7);
    if (!ctx.store.approvalByPublicId(accountId, id)) return id;
  }
}

/** A domain's id is derived from its name (FNV-1a), so it is stable without a table of its own. */
export function domainId(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name.toLowerCase()) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1_000_000 + (h % 9_000_000);
}

/** A stable lower-case alphanumeric token of `length` derived from `seed` (container public ids and ekeys). */
export function derivedToken(seed: string, length: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  let out = '';
  while (out.length < length) {
    h ^= h << 13;
    h >>>= 0;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}
