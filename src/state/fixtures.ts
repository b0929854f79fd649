import { readFileSync } from 'node:fs';
import * as z from 'zod';
import type { LocalCa } from '../ca/local-ca.js';
import { makeEcCsr } from '../ca/make-csr.js';
import { AcmeStore } from './acme-store.js';
import type { Clock } from './clock.js';
import { vendors, type Vendor } from './model.js';
import { acmeDefaultProducts } from './acme-defaults.js';
import type { Rng } from './rng.js';
import type { Store } from './store.js';

const vendor = z.enum(vendors as [string, ...string[]]);

const fixtureSchema = z.object({
  $comment: z.string().optional(),
  accounts: z.array(
    z.object({
      ref: z.string(),
      vendor,
      name: z.string(),
      apiKey: z.string().optional(),
      login: z.string().optional(),
      password: z.string().optional(),
      permissions: z.enum(['all', 'read']).default('all'),
      profile: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
  /** ACME External Account Binding keys of accounts (kid + base64url HMAC key; product: the vendor's ACME default). */
  eabKeys: z
    .array(z.object({ account: z.string(), kid: z.string().min(1), hmac: z.string().regex(/^[A-Za-z0-9_-]{16,}$/), product: z.string().optional() }))
    .default([]),
  organizations: z
    .array(
      z.object({
        account: z.string(),
        publicId: z.string(),
        name: z.string(),
        status: z.string().default('ready'),
        usable: z.boolean().default(true),
        details: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .default([]),
  orders: z
    .array(
      z.object({
        account: z.string(),
        vendor,
        publicId: z.string(),
        certificatePublicId: z.string(),
        product: z.string(),
        level: z.enum(['dv', 'ov', 'ev']),
        commonName: z.string(),
        dnsNames: z.array(z.string()),
        validityDays: z.number().int().positive(),
        dcvMethod: z.string(),
        status: z.literal('issued'),
        organization: z.string().optional(),
      }),
    )
    .default([]),
});

export type FixtureFile = z.infer<typeof fixtureSchema>;

interface PreparedOrder {
  fixture: FixtureFile['orders'][number];
  csr: string;
  pem: string;
  serial: string;
  notBefore: number;
  notAfter: number;
}

/**
 * Fixtures are parsed and their certificates signed once at start; loading them (at start and at
 * every reset) is then plain inserts in one transaction.
 */
export class Fixtures {
  private constructor(
    private readonly file: FixtureFile,
    private readonly orders: PreparedOrder[],
  ) {}

  static async prepare(path: string, ca: LocalCa, rng: Rng, clock: Clock): Promise<Fixtures> {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`fixtures ${path}: ${(e as Error).message}`);
    }
    // Parsed once per start: zod's compiled fast path would cost more to build than it saves here.
    const parsed = fixtureSchema.safeParse(raw, { jitless: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`fixtures ${path}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const orders: PreparedOrder[] = [];
    for (const fixture of parsed.data.orders) {
      // Made here, so neither decoded nor verified again: its PEM is already in the parser's form.
      const csr = makeEcCsr(fixture.commonName);
      const now = clock.nowMs();
      const leaf = await ca.signLeaf({
        spki: csr.spki,
        commonName: fixture.commonName,
        dnsNames: fixture.dnsNames,
        notBefore: new Date(now - 86_400_000),
        notAfter: new Date(now + (fixture.validityDays - 1) * 86_400_000),
        serialHex: rng.serial(),
        level: fixture.level,
      });
      orders.push({
        fixture,
        csr: csr.csrPem,
        pem: leaf.pem,
        serial: leaf.serialHex,
        notBefore: leaf.notBefore.getTime(),
        notAfter: leaf.notAfter.getTime(),
      });
    }
    return new Fixtures(parsed.data, orders);
  }

  /** Inserts the fixtures (only one vendor's, when given). */
  load(store: Store, policyFor: (vendor: Vendor, names: string[]) => string, only?: Vendor): void {
    const wanted = (vendor: string) => only === undefined || vendor === only;
    store.transaction(() => {
      const accountIds = new Map<string, number>();
      for (const a of this.file.accounts) {
        if (!wanted(a.vendor)) continue;
        accountIds.set(
          a.ref,
          store.insertAccount({
            vendor: a.vendor as (typeof vendors)[number],
            name: a.name,
            apiKey: a.apiKey ?? null,
            login: a.login ?? null,
            password: a.password ?? null,
            permissions: a.permissions,
            profile: a.profile,
          }),
        );
      }
      const account = (ref: string) => {
        const id = accountIds.get(ref);
        if (id === undefined) throw new Error(`fixtures: unknown account '${ref}'`);
        return id;
      };
      const acme = new AcmeStore(store);
      for (const k of this.file.eabKeys) {
        if (!accountIds.has(k.account)) continue;
        const vendor = this.file.accounts.find((a) => a.ref === k.account)!.vendor as Vendor;
        const product = k.product ?? acmeDefaultProducts[vendor as keyof typeof acmeDefaultProducts] ?? '';
        acme.insertEabKey({ vendor, accountId: account(k.account), kid: k.kid, hmac: k.hmac, product, label: 'fixture', createdAt: 0 });
      }
      const orgIds = new Map<string, number>();
      for (const o of this.file.organizations) {
        if (!accountIds.has(o.account)) continue;
        const at = this.orders[0]?.notBefore ?? 0;
        orgIds.set(
          o.publicId,
          store.insertOrganization({
            accountId: account(o.account),
            publicId: o.publicId,
            name: o.name,
            status: o.status,
            usable: o.usable,
            details: o.details,
            createdAt: at,
            updatedAt: at,
          }),
        );
      }
      for (const p of this.orders) {
        const f = p.fixture;
        if (!wanted(f.vendor)) continue;
        const orderId = store.insertOrder({
          accountId: account(f.account),
          vendor: f.vendor as (typeof vendors)[number],
          publicId: f.publicId,
          product: f.product,
          level: f.level,
          commonName: f.commonName,
          dnsNames: f.dnsNames,
          validityDays: f.validityDays,
          contractFrom: p.notBefore,
          contractUntil: p.notAfter,
          dcvMethod: f.dcvMethod,
          state: 'open',
          policy: policyFor(f.vendor as Vendor, [f.commonName, ...f.dnsNames]),
          organizationId: f.organization ? (orgIds.get(f.organization) ?? null) : null,
          renewalOf: null,
          test: false,
          meta: {},
          createdAt: p.notBefore,
          updatedAt: p.notBefore,
        });
        store.insertCertificate({
          orderId,
          publicId: f.certificatePublicId,
          kind: 'original',
          status: 'issued',
          csr: p.csr,
          commonName: f.commonName,
          dnsNames: f.dnsNames,
          validityDays: f.validityDays,
          profile: 'server',
          serial: p.serial,
          pem: p.pem,
          notBefore: p.notBefore,
          notAfter: p.notAfter,
          polls: 0,
          requestedAt: p.notBefore,
          issuedAt: p.notBefore,
          revokedAt: null,
          revocationReason: null,
          revocationComment: null,
          meta: {},
          updatedAt: p.notBefore,
        });
        store.insertEvent({ orderId, certificateId: null, at: p.notBefore, subject: 'order', fromStatus: null, toStatus: 'open', cause: 'fixture' });
      }
    });
  }
}
