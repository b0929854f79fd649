import { Rng } from '../../state/rng.js';

/**
 * Anti-replay nonces (RFC 8555 §6.5): each is good for one request. Drawn from a generator of their
 * own (seeded, so a run replays) with a counter in front, so none repeats; the oldest unused ones
 * are forgotten past `limit`, as a real CA's nonce window would.
 */
export class NonceBook {
  private readonly unused = new Set<string>();
  private readonly rng: Rng;
  private counter = 0;

  constructor(
    seed: number,
    private readonly limit = 10_000,
  ) {
    this.rng = new Rng(seed ^ 0xac3e);
  }

  /** base64url of 16 octets (RFC 8555 §6.5.1): clients decode and re-encode it, so it must be canonical. */
  issue(): string {
    const bytes = Buffer.alloc(16);
    bytes.writeUInt32BE(this.counter++ >>> 0, 0);
    Buffer.from(this.rng.hex(12), 'hex').copy(bytes, 4);
    const nonce = bytes.toString('base64url');
    this.unused.add(nonce);
    if (this.unused.size > this.limit) this.unused.delete(this.unused.values().next().value as string);
    return nonce;
  }

  /** True once per issued nonce. */
  redeem(nonce: string): boolean {
    return this.unused.delete(nonce);
  }

  clear(): void {
    this.unused.clear();
  }
}
