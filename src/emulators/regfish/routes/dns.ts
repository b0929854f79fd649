import { param } from '../../operation-router.js';
import type { Context } from 'hono';
import type { EmulatorContext } from '../../../context.js';
import type { DnsRecord } from '../../../state/model.js';
import { isDnsName, registrableDomain } from '../../domain-names.js';
import { checkCnameAlone, recordName, typeFieldsOf } from '../dns-records.js';
import type { RegfishEnv, RegfishRoutes } from '../env.js';
import { regfishInferred } from '../inferred.js';
import { presentDnsRecord } from '../presenters.js';
import { ok, parseBody, RegfishFailure } from '../respond.js';
import type { DnsRecordRequest } from '../schemas.js';
import { regfishAnswerSchemas, regfishSchemas } from '../schema-lib.js';

/** The caller's own record; another account's record is 404, as if it did not exist. */
function ownRecord(ctx: EmulatorContext, c: Context<RegfishEnv>, rrid: string): DnsRecord {
  const record = /^\d+$/.test(rrid) ? ctx.store.dnsRecord(Number(rrid)) : undefined;
  if (!record || record.accountId !== c.get('account').id) throw new RegfishFailure('dnsRecordNotFound');
  return record;
}

/** What the store keeps of a request whose owner name is already resolved. */
const recordFields = (body: DnsRecordRequest, name: string) => ({
  name,
  type: body.type,
  data: body.data.trim(),
  ttl: body.ttl,
  annotation: body.annotation,
  ...typeFieldsOf(body),
});

/** A CNAME stays alone at its name among the account's records (`self`: the record being updated). */
function keepCnameAlone(ctx: EmulatorContext, accountId: number, type: string, name: string, self?: number): void {
  const others = ctx.core.dns.at(name).filter((r) => r.accountId === accountId && r.id !== self);
  checkCnameAlone(type, name, registrableDomain(name.replace(/\.$/, '')), others);
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
  }, () => ({ summary: 'List the DNS records of a zone', response: regfishAnswerSchemas().regfishAnswers['regfish.dns.list'] }));

  app.post('regfish.dns.create', '/dns/rr', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().dnsRecordSchema, 'invalidRequest');
    const fields = recordFields(body, recordName(body.name));
    keepCnameAlone(ctx, c.get('account').id, body.type, fields.name);
    const record = ctx.core.dns.add({ accountId: c.get('account').id, ...fields, ttl: body.ttl ?? regfishInferred.defaultTtl }, ctx.clock.nowMs());
    return ok(c, presentDnsRecord(record));
  }, () => ({ summary: 'Create a DNS resource record (its zone is found from the FQDN)', body: regfishSchemas().dnsRecordSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.dns.create'] }));

  app.patch('regfish.dns.upsert', '/dns/rr', async (c) => {
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().dnsRecordSchema, 'invalidRequest');
    const name = recordName(body.name);
    const accountId = c.get('account').id;
    const existing = ctx.core.dns.lookup(name, body.type).find((r) => r.accountId === accountId);
    if (!existing) throw new RegfishFailure('dnsRecordNotFound', `no ${body.type} record ${name}`);
    keepCnameAlone(ctx, accountId, body.type, name, existing.id);
    return ok(c, presentDnsRecord(ctx.core.dns.update(existing.id, recordFields(body, name), ctx.clock.nowMs())));
  }, () => ({ summary: 'Update the record with this name and type', body: regfishSchemas().dnsRecordSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.dns.upsert'] }));

  app.get('regfish.dns.get', '/dns/rr/:rrid', (c) => ok(c, presentDnsRecord(ownRecord(ctx, c, param(c, 'rrid')))), () => ({
    summary: 'Read one DNS resource record',
    response: regfishAnswerSchemas().regfishAnswers['regfish.dns.get'],
  }));

  app.patch('regfish.dns.update', '/dns/rr/:rrid', async (c) => {
    const record = ownRecord(ctx, c, param(c, 'rrid'));
    const body = await parseBody(c, ctx.config.maxBodyBytes, regfishSchemas().dnsRecordSchema, 'invalidRequest');
    const fields = recordFields(body, recordName(body.name, registrableDomain(record.name.replace(/\.$/, ''))));
    keepCnameAlone(ctx, c.get('account').id, body.type, fields.name, record.id);
    return ok(c, presentDnsRecord(ctx.core.dns.update(record.id, fields, ctx.clock.nowMs())));
  }, () => ({ summary: 'Update one DNS resource record (a subdomain name is relative to its zone)', body: regfishSchemas().dnsRecordSchema, response: regfishAnswerSchemas().regfishAnswers['regfish.dns.update'] }));

  app.delete('regfish.dns.delete', '/dns/rr/:rrid', (c) => {
    const record = ownRecord(ctx, c, param(c, 'rrid'));
    ctx.core.dns.remove(record.id);
    return ok(c, presentDnsRecord(record));
  }, () => ({ summary: 'Delete one DNS resource record', response: regfishAnswerSchemas().regfishAnswers['regfish.dns.delete'] }));
};
