import type { EmulatorContext } from '../../context.js';

/** Numeric ids like DigiCert's (orders 8 digits, certificates 8, requests 7), drawn from the seeded generator. */
export function newOrderId(ctx: EmulatorContext): string {
  for (;;) {
    const id = ctx.rng.digits(8);
    if (!ctx.store.orderByVendorId('digicert', id)) return id;
  }
}

export function newCertificateId(ctx: EmulatorContext, accountId: number): string {
  for (;;) {
    const id = ctx.rng.digits(8);
    if (!ctx.store.certificateByPublicId(accountId, 'digicert', id)) return id;
  }
}

export function newRequestId(ctx: EmulatorContext, accountId: number): string {
  const taken = new Set(ctx.store.approvalsOfAccount(accountId).map((a) => a.publicId));
  for (;;) {
    const id = ctx.rng.digits(7);
    if (!taken.has(id)) return id;
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
