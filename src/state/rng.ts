/**
 * A small seedable generator (sfc32, seeded through splitmix32). Every id, token, serial and
 * probability the emulator draws comes from here, so one seed replays one run. A stream other
 * than 0 (the how-manieth start on one data directory) draws a different sequence from the same
 * seed, so a restart does not hand out the ids and serials of the last run again.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private stream = 0;

  constructor(readonly seed: number) {
    this.reset();
  }

  reset(): void {
    let s = this.seed >>> 0;
    const splitmix = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    if (this.stream !== 0) {
      s = (s ^ Math.imul(this.stream, 0x9e3779b1)) >>> 0;
      this.a = (this.a ^ splitmix()) >>> 0;
      this.b = (this.b ^ splitmix()) >>> 0;
      this.c = (this.c ^ splitmix()) >>> 0;
    }
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  string(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return String(this.int(1, 9)) + this.string('0123456789', length - 1);
  }

  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += (this.nextUint32() & 0xff).toString(16).padStart(2, '0');
    return out;
  }

  /** A positive 128-bit certificate serial number as lower-case hex. */
  serial(): string {
    const first = ((this.nextUint32() & 0x7f) | 0x01).toString(16).padStart(2, '0');
    return first + this.hex(15);
  }

  /** Standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Switches to stream `n` of the seed and starts it over (stream 0 is the plain seed). */
  useStream(n: number): void {
    this.stream = n >>> 0;
    this.reset();
  }
}
