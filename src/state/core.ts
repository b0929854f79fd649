import type { CsrInfo } from '../ca/csr.js';
import { csrSpki } from '../ca/csr.js';
import type { IssuedLeaf, LocalCa } from '../ca/local-ca.js';
import type { ValidationLevel } from '../ca/names.js';
import type { LeafRequest, SubjectDetails } from '../ca/sign-leaf.js';
import { caaBlockOf, checkCaa, type CaaRules, type CaaVerdict } from './caa.js';
import type { Clock } from './clock.js';
import { DnsZone } from './dns-zone.js';
import { CoreError, conflict, notFound } from './errors.js';
import { magicPolicy } from './magic-domains.js';
import type {
  Certificate,
  CertificateKind,
  CertificateProfile,
  CertificateStatus,
  Json,
  Order,
  OrderState,
  Validation,
  ValidationProof,
  Vendor,
} from './model.js';
import { parsePolicy } from './policy.js';
import type { Rng } from './rng.js';
import type { Store } from './store.js';
import { assertCertificateTransition, assertOrderTransition } from './transitions.js';

const dayMs = 86_400_000;
/** Draws of a fresh serial (and signings) before issuing gives up; one is the rule. */
const maxSerialDraws = 20;

export interface NewValidation {
  domain: string;
  method: string;
  token: string;
  tokenExpires?: number | null;
  proof: ValidationProof;
  emails?: string[];
}

export interface NewOrder {
  accountId: number;
  vendor: Vendor;
  publicId: string;
  certificatePublicId: string;
  product: string;
  level: ValidationLevel;
  commonName: string;
  dnsNames: string[];
  validityDays: number;
  /** The paid contract; defaults to the certificate validity. */
  contractDays?: number;
  dcvMethod: string;
  csr: CsrInfo;
  state: Extract<OrderState, 'staged' | 'awaiting_approval' | 'open'>;
  organizationId?: number | null;
  renewalOf?: number | null;
  test?: boolean;
  profile?: CertificateProfile;
  /** OV/EV subject fields when the order has no organization record (they come with the order). */
  subject?: SubjectDetails;
  meta?: Json;
  certificateMeta?: Json;
  validations: NewValidation[];
  cause?: string;
}

export interface NewCertificate {
  publicId: string;
  kind: Exclude<CertificateKind, 'original'>;
  csr: CsrInfo;
  commonName?: string;
  dnsNames?: string[];
  validityDays?: number;
  meta?: Json;
  validations: NewValidation[];
  cause: string;
}

export interface IssuancePolicies {
  /** Global default, e.g. `polls:1`. */
  issuance: string;
  /** Per-vendor overrides. */
  vendors?: Partial<Record<Vendor, string>>;
}

/**
 * The vendor-neutral certificate authority back office: orders, certificates, validations, the
 * transition table, the issuance policy and the event log. Knows no wire format.
 */
export class Core {
  readonly dns: DnsZone;
  /** Orders held pending (scenario effect), with how many holders: refresh neither issues nor rejects them. */
  private readonly held = new Map<number, number>();
  /** Each vendor's CAA identities (set by the server from the vendors' tables; see useCaaRules). */
  private caaRules: Partial<Record<Vendor, CaaRules>> = {};
  /** Issuances waiting for their signature, by certificate: a second attempt meanwhile waits for the first. */
  private readonly issuing = new Map<number, Promise<void>>();
  /** Orders whose issuance a scenario effect blocks as CAA would, with how many holders. */
  private readonly caaHeld = new Map<number, number>();
  /** The key of each CSR stored lately, as parsed when it was ordered (not decoded again to issue). */
  private readonly spkiByCsr = new Map<string, Buffer>();
  private static readonly spkiMemoSize = 256;

  constructor(
    readonly store: Store,
    readonly clock: Clock,
    readonly rng: Rng,
    readonly ca: LocalCa,
    private readonly policies: IssuancePolicies,
  ) {
    this.dns = new DnsZone(store);
  }

  // ---- queries -------------------------------------------------------------------------------

  order(accountId: number, vendor: Vendor, publicId: string): Order {
    const order = this.store.orderByPublicId(accountId, vendor, publicId);
    if (!order) throw notFound('order');
    return order;
  }

  /** The certificate the order is about now (see currentOf). */
  current(order: Order): Certificate {
    return currentOf(this.store.certificatesOf(order.id));
  }

  /** The newest certificate that was issued (the one a download returns), if any. */
  latestIssued(order: Order): Certificate | undefined {
    const certs = this.store.certificatesOf(order.id).filter((c) => c.kind !== 'duplicate' && c.pem !== null);
    return certs[certs.length - 1];
  }

  certificates(order: Order): Certificate[] {
    return this.store.certificatesOf(order.id);
  }

  validations(certificate: Certificate): Validation[] {
    return this.store.validationsOf(certificate.id);
  }

  policyFor(vendor: Vendor, names: readonly string[]): string {
    return magicPolicy(names) ?? this.policies.vendors?.[vendor] ?? this.policies.issuance;
  }

  /** Holds an order pending until the returned release is called (holds nest). Nothing is written. */
  hold(orderId: number): () => void {
    this.held.set(orderId, (this.held.get(orderId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(orderId) ?? 1) - 1;
      if (left > 0) this.held.set(orderId, left);
      else this.held.delete(orderId);
    };
  }

  // ---- orders ----------------------------------------------------------------------------------

  async createOrder(input: NewOrder): Promise<Order> {
    const now = this.clock.nowMs();
    const names = [input.commonName, ...input.dnsNames];
    let later: Certificate[] = [];
    const orderId = this.store.transaction(() => {
      const id = this.store.insertOrder({
        accountId: input.accountId,
        vendor: input.vendor,
        publicId: input.publicId,
        product: input.product,
        level: input.level,
        commonName: input.commonName,
        dnsNames: input.dnsNames,
        validityDays: input.validityDays,
        contractFrom: now,
        contractUntil: now + (input.contractDays ?? input.validityDays) * dayMs,
        dcvMethod: input.dcvMethod,
        state: input.state,
        policy: this.policyFor(input.vendor, names),
        organizationId: input.organizationId ?? null,
        renewalOf: input.renewalOf ?? null,
        test: input.test ?? false,
        meta: input.subject ? { ...input.meta, subject: input.subject } : (input.meta ?? {}),
        createdAt: now,
        updatedAt: now,
      });
      this.event(id, null, 'order', null, input.state, input.cause ?? 'ordered');
      this.addCertificate(id, {
        publicId: input.certificatePublicId,
        kind: 'original',
        csr: input.csr,
        commonName: input.commonName,
        dnsNames: input.dnsNames,
        validityDays: input.validityDays,
        profile: input.profile ?? 'server',
        meta: input.certificateMeta ?? {},
        validations: input.validations,
        cause: input.cause ?? 'ordered',
      });
      // What is due now (an `immediate` order) is signed after this transaction, off the event loop.
      const order = this.store.order(id)!;
      if (!this.isSettled(order, this.clock.nowMs())) later = this.settle(order, {}, this.clock.nowMs());
      if (later.length === 0) this.refuseCaaInRequest(input.vendor, this.store.certificatesOf(id));
      return id;
    });
    if (later.length > 0) {
      const order = this.store.order(orderId)!;
      try {
        for (const cert of later) await this.issue(order, cert, `issuance policy ${order.policy}`);
        this.refuseCaaInRequest(order.vendor, this.store.certificatesOf(orderId));
      } catch (e) {
        // The signature is waited for (a crypto thread's, or the test-order chain made on first
        // use), so it cannot share the creating transaction; an order whose creation is answered
        // with an error must not stay behind.
        this.store.removeOrderRows(orderId);
        throw e;
      }
    }
    return this.store.order(orderId)!;
  }

  private addCertificate(
    orderId: number,
    c: Omit<NewCertificate, 'kind'> & { kind: CertificateKind; commonName: string; dnsNames: string[]; validityDays: number; profile: CertificateProfile },
  ): number {
    const now = this.clock.nowMs();
    const certId = this.store.insertCertificate({
      orderId,
      publicId: c.publicId,
      kind: c.kind,
      status: 'pending',
      csr: c.csr.pem,
      commonName: c.commonName,
      dnsNames: c.dnsNames,
      validityDays: c.validityDays,
      profile: c.profile,
      serial: null,
      pem: null,
      notBefore: null,
      notAfter: null,
      polls: 0,
      requestedAt: now,
      issuedAt: null,
      revokedAt: null,
      revocationReason: null,
      revocationComment: null,
      meta: c.meta ?? {},
      updatedAt: now,
    });
    this.rememberSpki(c.csr.pem, c.csr.spki);
    for (const v of c.validations) {
      this.store.insertValidation({
        orderId,
        certificateId: certId,
        domain: v.domain,
        method: v.method,
        token: v.token,
        tokenExpires: v.tokenExpires ?? null,
        proof: v.proof,
        emails: v.emails ?? [],
        status: 'pending',
        validatedAt: null,
      });
    }
    this.event(orderId, certId, 'certificate', null, 'pending', c.cause);
    return certId;
  }

  /**
   * A new certificate on the same order (reissue or duplicate). Refused while another reissue is
   * pending or when the current certificate is in a state that cannot be reissued.
   */
  async addReissue(order: Order, input: NewCertificate, allowedFrom: readonly CertificateStatus[] = ['issued', 'revoked']): Promise<Certificate> {
    const certId = this.store.transaction(() => {
      const fresh = this.store.order(order.id)!;
      if (fresh.state !== 'open') {
        throw new CoreError({ kind: 'illegal_transition', entity: 'order', action: input.kind, from: fresh.state, to: 'open' });
      }
      const current = this.current(fresh);
      if (input.kind === 'reissue' && !allowedFrom.includes(current.status)) {
        throw conflict(input.kind, `the current certificate is ${current.status}`);
      }
      if (input.kind === 'duplicate' && current.status !== 'issued') {
        throw conflict(input.kind, `the current certificate is ${current.status}`);
      }
      const base = input.kind === 'duplicate' ? current : this.latestIssued(fresh) ?? current;
      return this.addCertificate(fresh.id, {
        ...input,
        commonName: input.commonName ?? fresh.commonName,
        dnsNames: input.dnsNames ?? fresh.dnsNames,
        validityDays: input.validityDays ?? base.validityDays,
        profile: base.profile,
      });
    });
    try {
      await this.refresh(this.store.order(order.id)!);
      this.refuseCaaInRequest(order.vendor, [this.store.certificate(certId)!]);
    } catch (e) {
      this.store.removeCertificateRows(certId);
      throw e;
    }
    return this.store.certificate(certId)!;
  }

  /** Moves a staged or awaiting order to open; the issuance clock starts now. */
  openOrder(order: Order, patch: { organizationId?: number }, cause: string): Promise<Order> {
    this.store.transaction(() => {
      const fresh = this.store.order(order.id)!;
      assertOrderTransition(fresh.state, 'open', cause);
      const now = this.clock.nowMs();
      this.store.update('orders', fresh.id, { state: 'open', organizationId: patch.organizationId, updatedAt: now });
      for (const c of this.store.certificatesOf(fresh.id)) {
        if (c.status === 'pending') this.store.update('certificates', c.id, { requestedAt: now, updatedAt: now });
      }
      this.event(fresh.id, null, 'order', fresh.state, 'open', cause);
    });
    return this.refresh(this.store.order(order.id)!);
  }

  /** Closes the order: pending certificates are rejected, issued ones revoked when asked to. */
  cancelOrder(order: Order, options: { revokeIssued: boolean; reason?: number; comment?: string }, cause: string): Order {
    this.store.transaction(() => {
      const fresh = this.store.order(order.id)!;
      assertOrderTransition(fresh.state, 'cancelled', cause);
      for (const c of this.store.certificatesOf(fresh.id)) {
        if (c.status === 'pending') this.transition(c, 'rejected', cause);
        else if (options.revokeIssued && (c.status === 'issued' || c.status === 'replaced')) {
          this.revoke(c, { reason: options.reason, comment: options.comment }, cause);
        }
      }
      this.store.update('orders', fresh.id, { state: 'cancelled', updatedAt: this.clock.nowMs() });
      this.event(fresh.id, null, 'order', fresh.state, 'cancelled', cause);
    });
    return this.store.order(order.id)!;
  }

  // ---- certificates ----------------------------------------------------------------------------

  transition(cert: Certificate, to: CertificateStatus, cause: string, extra: Record<string, unknown> = {}): Certificate {
    return this.store.transaction(() => {
      const fresh = this.store.certificate(cert.id)!;
      this.move(fresh, to, cause, extra);
      return this.store.certificate(fresh.id)!;
    });
  }

  /** transition of a certificate just read in the caller's transaction, without reading it again. */
  private move(fresh: Certificate, to: CertificateStatus, cause: string, extra: Record<string, unknown> = {}): void {
    assertCertificateTransition(fresh.status, to, cause);
    this.store.update('certificates', fresh.id, { status: to, updatedAt: this.clock.nowMs(), ...extra });
    this.event(fresh.orderId, fresh.id, 'certificate', fresh.status, to, cause);
  }

  revoke(cert: Certificate, options: { reason?: number; comment?: string }, cause: string): Certificate {
    return this.transition(cert, 'revoked', cause, {
      revokedAt: this.clock.nowMs(),
      revocationReason: options.reason ?? 0,
      revocationComment: options.comment ?? null,
    });
  }

  reject(cert: Certificate, cause: string): Certificate {
    return this.transition(cert, 'rejected', cause);
  }

  expire(cert: Certificate, cause: string): Certificate {
    return this.transition(cert, 'expired', cause, { notAfter: Math.min(cert.notAfter ?? Infinity, this.clock.nowMs()) });
  }

  /** Issues every pending certificate of the order now, whatever the policy says. */
  async issueNow(order: Order, cause: string): Promise<Order> {
    if (order.state !== 'open') {
      throw new CoreError({ kind: 'illegal_transition', entity: 'order', action: cause, from: order.state, to: 'open' });
    }
    const pending = this.store.certificatesOf(order.id).filter((c) => c.status === 'pending');
    if (pending.length === 0) throw conflict(cause, `no certificate of the order is pending`);
    // Issuing on request checks CAA now, also where the vendor waits for its retry call.
    for (const c of pending) await this.issue(order, c, cause, { recheckCaa: true });
    const blocked = pending.flatMap((c) => (this.store.certificate(c.id)!.status === 'pending' ? (caaBlockOf(this.store.certificate(c.id)!.meta)?.blocked ?? []) : []));
    if (blocked.length > 0) throw new CoreError({ kind: 'caa', blocked });
    return this.store.order(order.id)!;
  }

  /** Marks the validations of the order's pending certificates as passed (email link, console, control API). */
  async approveValidations(order: Order, cause: string, filter: (v: Validation) => boolean = () => true): Promise<Order> {
    this.store.transaction(() => {
      for (const v of this.store.validationsOfOrder(order.id)) {
        if (v.status === 'pending' && filter(v)) this.validate(v, cause);
      }
    });
    return this.refresh(this.store.order(order.id)!);
  }

  private validate(v: Validation, cause: string): void {
    this.store.update('validations', v.id, { status: 'valid', validatedAt: this.clock.nowMs() });
    this.event(v.orderId, v.certificateId, 'validation', 'pending', 'valid', `${cause}: ${v.domain}`);
  }

  /** Checks DNS-based validations of pending certificates against the emulated DNS. */
  checkDns(order: Order): Validation[] {
    return this.store.transaction(() => {
      const out: Validation[] = [];
      for (const v of this.store.validationsOfOrder(order.id)) {
        if (v.status === 'pending' && v.proof.type === 'dns' && this.dns.proves(v.proof)) {
          this.validate(v, 'dns record found');
        }
        out.push(this.store.validation(v.id)!);
      }
      return out;
    });
  }

  /**
   * Applies time and policy: expires what ran out, and issues or rejects pending certificates
   * when the issuance policy says so. `poll` counts this as a status read (policy polls:N).
   */
  async refresh(order: Order, options: { poll?: boolean } = {}): Promise<Order> {
    const now = this.clock.nowMs();
    // The common case, a settled order, costs one read and no transaction.
    if (this.isSettled(order, now)) return order;
    const later = this.store.transaction(() => this.settle(order, options, now));
    for (const cert of later) await this.issue(order, cert, `issuance policy ${order.policy}`);
    return this.store.order(order.id)!;
  }

  /**
   * refresh() of every order of an account with one vendor that has something due now, in id order
   * (a listing of the whole account): the settled ones, most of a large store, are not read one by one.
   */
  async refreshDue(accountId: number, vendor: Vendor): Promise<void> {
    for (const id of this.store.unsettledOrderIds(accountId, vendor, this.clock.nowMs())) {
      const order = this.store.order(id);
      if (order) await this.refresh(order);
    }
  }

  /**
   * Until when refresh() has nothing to do for the order as it is stored now: `now` when it has
   * something already (or may have: a pending certificate of an open order), else the end of its
   * first issued certificate to expire (Infinity when none can).
   */
  settledUntil(order: Order, now: number): number {
    let until = Infinity;
    for (const c of this.store.certificatesOf(order.id)) {
      if (c.status === 'pending' ? order.state === 'open' : c.status === 'issued' && c.notAfter !== null && c.notAfter <= now) return now;
      if (c.status === 'issued' && c.notAfter !== null && c.notAfter < until) until = c.notAfter;
    }
    return until;
  }

  /** Nothing to issue, reject or expire now. */
  private isSettled(order: Order, now: number): boolean {
    return this.settledUntil(order, now) > now;
  }

  /**
   * refresh's writes, in the caller's transaction. The certificates due for issuance are returned:
   * their signatures are waited for after it.
   */
  private settle(order: Order, options: { poll?: boolean }, now: number): Certificate[] {
    const toIssue: Certificate[] = [];
    const policy = parsePolicy(order.policy);
    const hasDnsProofs = order.state === 'open' && policy.kind === 'dcv';
    if (hasDnsProofs) this.checkDns(order);
    for (const cert of this.store.certificatesOf(order.id)) {
      if (cert.status === 'issued' && cert.notAfter !== null && cert.notAfter <= now) {
        this.transition(cert, 'expired', 'validity period ended');
        continue;
      }
      if (cert.status !== 'pending' || order.state !== 'open' || this.held.has(order.id)) continue;
      switch (policy.kind) {
        case 'immediate':
          toIssue.push(cert);
          break;
        case 'polls':
          if (cert.polls >= policy.polls) toIssue.push(cert);
          else if (options.poll) this.store.update('certificates', cert.id, { polls: cert.polls + 1 });
          break;
        case 'delay':
          if (now >= cert.requestedAt + policy.seconds * 1000) toIssue.push(cert);
          break;
        case 'dcv':
          if (this.store.validationsOf(cert.id).every((v) => v.status === 'valid')) toIssue.push(cert);
          break;
        case 'manual':
          break;
        case 'reject':
          if (options.poll) this.transition(cert, 'rejected', 'rejected by the CA (magic domain)');
          break;
        default: {
          const never: never = policy;
          throw new Error(`unknown policy ${JSON.stringify(never)}`);
        }
      }
    }
    return toIssue;
  }

  private subjectOf(order: Order): SubjectDetails | undefined {
    if (order.level === 'dv') return undefined;
    const org = order.organizationId === null ? undefined : this.store.organization(order.organizationId);
    if (!org) return order.meta.subject as SubjectDetails | undefined;
    const d = org.details as Record<string, string | undefined>;
    return {
      organization: org.name,
      locality: d.city,
      state: d.state,
      country: d.country,
      serialNumber: d.registrationNumber,
      businessCategory: order.level === 'ev' ? 'Private Organization' : undefined,
      jurisdictionCountry: d.country,
    };
  }

  private rememberSpki(pem: string, spki: Buffer): void {
    if (this.spkiByCsr.has(pem)) return;
    if (this.spkiByCsr.size >= Core.spkiMemoSize) this.spkiByCsr.delete(this.spkiByCsr.keys().next().value!);
    this.spkiByCsr.set(pem, spki);
  }

  /** A serial no certificate in the store has (one draw unless the generator repeats an earlier run's). */
  private freshSerial(): string {
    for (let i = 0; i < maxSerialDraws; i++) {
      const serial = this.rng.serial();
      if (!this.store.serialTaken(serial)) return serial;
    }
    throw new Error(`no free certificate serial in ${maxSerialDraws} draws`);
  }

  /**
   * Signs the leaf (in a crypto thread once they run), then commits it only if the certificate is
   * still pending (compare and set). A serial taken while the leaf was signed is drawn and signed
   * again. Two status reads at once issue the certificate once: the second waits for the first.
   */
  private issue(order: Order, cert: Certificate, cause: string, options: { recheckCaa?: boolean } = {}): Promise<void> {
    const running = this.issuing.get(cert.id);
    if (running) return running;
    const issuance = this.signAndCommit(order, cert, cause, options.recheckCaa ?? false).finally(() => this.issuing.delete(cert.id));
    this.issuing.set(cert.id, issuance);
    return issuance;
  }

  private async signAndCommit(order: Order, cert: Certificate, cause: string, recheckCaa: boolean): Promise<void> {
    if (!this.caaAllows(order, cert, recheckCaa)) return;
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.nowMs();
      const request = this.leafRequest(order, cert, now);
      // A vendor test order (Sectigo test=Y) is signed by the untrusted test-order chain.
      const leaf = await (order.test ? this.ca.signTestLeaf(request) : this.ca.signLeaf(request));
      if (this.commitLeaf(cert, leaf, now, cause)) return;
      if (attempt >= maxSerialDraws) throw new Error(`certificate ${cert.publicId}: every serial drawn was taken`);
    }
  }

  /** What the leaf of `cert` says, with a serial no certificate has. */
  private leafRequest(order: Order, cert: Certificate, now: number): LeafRequest {
    const fullTerm = now + cert.validityDays * dayMs;
    const notAfter = order.contractUntil > now ? Math.min(fullTerm, order.contractUntil) : fullTerm;
    const serialHex = this.freshSerial();
    return {
      spki: this.spkiByCsr.get(cert.csr) ?? csrSpki(cert.csr),
      commonName: cert.commonName,
      dnsNames: cert.dnsNames,
      notBefore: new Date(now),
      notAfter: new Date(notAfter),
      serialHex,
      level: order.level,
      profile: cert.profile,
      subject: this.subjectOf(order),
    };
  }

  /**
   * Commits a signed leaf only if the certificate is still pending (compare and set); false when
   * its serial was taken while it was signed.
   */
  private commitLeaf(cert: Certificate, leaf: IssuedLeaf, now: number, cause: string): boolean {
    return this.store.transaction(() => {
      const fresh = this.store.certificate(cert.id)!;
      if (fresh.status !== 'pending') return true;
      if (this.store.serialTaken(leaf.serialHex)) return false;
      this.move(fresh, 'issued', cause, {
        serial: leaf.serialHex,
        pem: leaf.pem,
        notBefore: leaf.notBefore.getTime(),
        notAfter: leaf.notAfter.getTime(),
        issuedAt: now,
      });
      for (const v of this.store.validationsOf(fresh.id)) if (v.status === 'pending') this.validate(v, 'issued');
      if (fresh.kind !== 'duplicate') {
        for (const older of this.store.issuedBefore(fresh.orderId, fresh.id)) this.move(older, 'replaced', `replaced by certificate ${fresh.publicId}`);
      }
      return true;
    });
  }

  // ---- CAA (RFC 8659) ------------------------------------------------------------------------

  /** The CAA identities of each vendor; a vendor with none set has no identity that a record can name. */
  useCaaRules(rules: Partial<Record<Vendor, CaaRules>>): void {
    this.caaRules = { ...this.caaRules, ...rules };
  }

  /** What the emulated DNS says about issuing for these names now, as this vendor's CA. */
  caaCheck(vendor: Vendor, names: readonly string[]): ReturnType<typeof checkCaa> {
    return checkCaa(this.dns, names, this.caaRules[vendor]?.identities ?? []);
  }

  /** Blocks the order's issuance as a forbidding CAA record would, until the returned release is called (scenario effect). */
  holdByCaa(orderId: number): () => void {
    this.caaHeld.set(orderId, (this.caaHeld.get(orderId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.caaHeld.get(orderId) ?? 1) - 1;
      if (left > 0) this.caaHeld.set(orderId, left);
      else this.caaHeld.delete(orderId);
    };
  }

  /**
   * The check at the issuance point: a blocked certificate stays pending with the block in its
   * meta (`caa`), which the vendors present; a passing check clears an earlier block.
   */
  private caaAllows(order: Order, cert: Certificate, recheck: boolean): boolean {
    const fresh = this.store.certificate(cert.id) ?? cert;
    // A vendor that checks a blocked certificate again only when asked keeps it blocked meanwhile.
    if (!recheck && this.caaRules[order.vendor]?.recheckOnRequest && caaBlockOf(fresh.meta)) return false;
    const names = [fresh.commonName, ...fresh.dnsNames];
    const result = this.caaCheck(order.vendor, names);
    const blocked: CaaVerdict[] = this.caaHeld.has(order.id)
      ? names.slice(0, 1).map((name) => ({ name, allowed: false, recordAt: null, records: [], reason: 'CAA check failed (scenario effect caa-blocked)' }))
      : result.names.filter((v) => !v.allowed);
    const before = caaBlockOf(fresh.meta);
    if (blocked.length === 0) {
      if (before) {
        const { caa: _dropped, ...rest } = fresh.meta as Record<string, unknown>;
        this.store.update('certificates', fresh.id, { meta: rest });
      }
      return true;
    }
    this.store.update('certificates', fresh.id, { meta: { ...(fresh.meta as Record<string, unknown>), caa: { checkedAt: this.clock.nowMs(), blocked } } });
    return false;
  }

  /**
   * The vendor's CAA retry (Sectigo's !RetryCAACheck): checks a certificate that CAA blocked
   * again, and issues it if the records allow it now. A certificate that is not blocked is a
   * conflict. Answers the certificate as it is afterwards (issued, or blocked with a new check).
   */
  async retryCaaCheck(order: Order, cert: Certificate, cause: string): Promise<Certificate> {
    const fresh = this.store.certificate(cert.id) ?? cert;
    if (fresh.status !== 'pending' || order.state !== 'open' || !caaBlockOf(fresh.meta)) throw conflict(cause, 'the certificate is not blocked by CAA');
    await this.issue(order, fresh, cause, { recheckCaa: true });
    return this.store.certificate(fresh.id)!;
  }

  /** A vendor that refuses in the ordering request: a certificate of this request that CAA blocked is the vendor's CAA error. */
  private refuseCaaInRequest(vendor: Vendor, certificates: readonly Certificate[]): void {
    if (!this.caaRules[vendor]?.refuseInRequest) return;
    for (const c of certificates) {
      const block = c.status === 'pending' ? caaBlockOf(this.store.certificate(c.id)?.meta) : undefined;
      if (block) throw new CoreError({ kind: 'caa', blocked: block.blocked });
    }
  }

  // ---- log -------------------------------------------------------------------------------------

  event(orderId: number, certificateId: number | null, subject: 'order' | 'certificate' | 'validation' | 'approval', from: string | null, to: string, cause: string): void {
    this.store.insertEvent({ orderId, certificateId, at: this.clock.nowMs(), subject, fromStatus: from, toStatus: to, cause });
  }

  /**
   * refresh(), then `next` with the fresh order: at once, without a promise, when nothing is due
   * (most status reads), so a read answers in the turn it arrived in.
   */
  refreshThen<T>(order: Order, options: { poll?: boolean }, next: (fresh: Order) => T): T | Promise<T> {
    if (this.isSettled(order, this.clock.nowMs())) return next(order);
    return this.refresh(order, options).then(next);
  }
}

/**
 * The certificate an order is about now, from its certificates in id order: the newest one that is
 * not a duplicate. A reissue that was rejected or cancelled replaces nothing.
 */
export function currentOf(certificates: readonly Certificate[]): Certificate {
  for (let i = certificates.length - 1; i >= 0; i--) {
    const c = certificates[i];
    if (c.kind !== 'duplicate' && !(c.kind === 'reissue' && c.status === 'rejected')) return c;
  }
  return certificates[certificates.length - 1];
}
