import { param } from '../../operation-router.js';
import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import { fqdn } from '../../../state/dns-zone.js';
import type { DnsRecord } from '../../../state/model.js';
import { isDnsName, registrableDomain } from '../../domain-names.js';
import type { RegfishEnv, RegfishRoutes } from '../env.js';
import { presentDnsRecord } from '../presenters.js';
import { ok, parseBody, RegfishFailure } from '../respond.js';
import { dnsRecordPatchSchema, dnsRecordSchema } from '../schemas.js';

/** The caller's own record; another account's record is 404, as if it did not exist. */
function ownRecord(ctx: EmulatorContext, c: Context<RegfishEnv>, rrid: string): DnsRecord {
  const record = /^\d+$/.test(rrid) ? ctx.store.dnsRecord(Number(rrid)) : undefined;
  if (!record || record.accountId !== c.get('account').id) throw new RegfishFailure('dnsRecordNotFound');
  return record;
}

function checkName(name: string): string {
  const n = name.replace(/\.$/, '');
  const plain = n.replace(/^\*\./, '').replace(/^_+/, 'x').replace(/\._/g, '.x');
  if (!isDnsName(plain, { wildcard: true })) throw new RegfishFailure('invalidRequest', `name: '${name}' is not a fully qualified name`);
  return fqdn(n);
}

export const dnsRoutes: RegfishRoutes = (app, ctx) => {
  app.get('regfish.dns.list', '/dns/:domain/rr', (c) => {
    const domain = param(c, 'domain').toLowerCase().replace(/\.$/, '');
    if (!isDnsName(domain) || registrableDomain(domain) !== domain) throw new RegfishFailure('dnsZoneNotFound', `${domain} is not a zone`);
    const suffix = `.${domain}.`;
    const records = ctx.store
      .dnsRecordsOf(c.get('account').id)
      .filter((r) => r.name === `${domain}.` || r.name.endsWith(suffix));
    return ok(c, records.map(presentDnsRecord));
  }, { summary: 'List the DNS records of a zone' });

  app.post('regfish.dns.create', '/dns/rr', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, dnsRecordSchema, 'invalidRequest');
    const record = ctx.core.dns.add({ accountId: c.get('account').id, ...body, name: checkName(body.name), ttl: body.ttl ?? 300 }, ctx.clock.nowMs());
    return ok(c, presentDnsRecord(record));
  }, { summary: 'Create a DNS resource record', body: dnsRecordSchema });

  app.patch('regfish.dns.upsert', '/dns/rr', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, dnsRecordSchema, 'invalidRequest');
    const name = checkName(body.name);
    const existing = ctx.store.dnsRecordsOf(c.get('account').id).find((r) => r.name === name && r.type === body.type);
    if (!existing) throw new RegfishFailure('dnsRecordNotFound');
    return ok(c, presentDnsRecord(ctx.core.dns.update(existing.id, { ...body, name }, ctx.clock.nowMs())));
  }, { summary: 'Update the record with this name and type', body: dnsRecordSchema });

  app.get('regfish.dns.get', '/dns/rr/:rrid', (c) => ok(c, presentDnsRecord(ownRecord(ctx, c, param(c, 'rrid')))), { summary: 'Read one DNS resource record' });

  app.patch('regfish.dns.update', '/dns/rr/:rrid', async (c) => {
    const record = ownRecord(ctx, c, param(c, 'rrid'));
    const body = await parseBody(c, ctx.config.maxBodyBytes, dnsRecordPatchSchema, 'invalidRequest');
    const name = body.name === undefined ? undefined : checkName(body.name);
    return ok(c, presentDnsRecord(ctx.core.dns.update(record.id, { ...body, name }, ctx.clock.nowMs())));
  }, { summary: 'Update one DNS resource record', body: dnsRecordPatchSchema });

  app.delete('regfish.dns.delete', '/dns/rr/:rrid', (c) => {
    const record = ownRecord(ctx, c, param(c, 'rrid'));
    ctx.core.dns.remove(record.id);
    return ok(c, presentDnsRecord(record));
  }, { summary: 'Delete one DNS resource record' });
};
