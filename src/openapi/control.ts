import * as z from 'zod';
import { eabKeyQuerySchema, newEabKeySchema } from '../control/routes/acme.js';
import { dnsListQuerySchema, orderListQuerySchema, outboxListQuerySchema } from '../control/paging.js';
import { journalFindSchema, journalQuerySchema } from '../control/routes/journal.js';
import { loadScenarioSchema } from '../control/routes/scenarios.js';
import type { OperationInfo } from '../emulators/operation-router.js';
import { scenarioSchema } from '../scenarios/schema.js';
import { seedSchema } from '../seed/seed.js';
import { vendors, type Vendor } from '../state/model.js';
import { version } from '../version.js';
import { buildDocument } from './document.js';

const vendor = z.enum(vendors as [Vendor, ...Vendor[]]);
const vendorQuery = z.object({ vendor: vendor.optional() });
const dnsRecord = z.object({
  name: z.string(),
  type: z.enum(['A', 'AAAA', 'CNAME', 'TXT', 'MX', 'NS', 'CAA']),
  data: z.string(),
  ttl: z.number().int().optional(),
  flags: z.number().int().min(0).max(255).optional(),
  tag: z.string().optional(),
});

/** The control API's own operations (under /api), for its OpenAPI document. */
export const controlOperations: OperationInfo[] = [
  { operation: 'control.health', method: 'GET', path: '/api/health', summary: 'health, version, listener URLs, clock and seed' },
  { operation: 'control.reset', method: 'POST', path: '/api/reset', summary: 'back to the fixtures (all or one vendor); restarts the generators, scenario counters and the journal', body: z.object({ vendor: vendor.optional() }) },
  { operation: 'control.scenarios.list', method: 'GET', path: '/api/scenarios', summary: 'loaded scenarios with per-rule match counts, and the files that can be loaded' },
  { operation: 'control.scenarios.add', method: 'POST', path: '/api/scenarios', summary: 'add one scenario (the scenario file shape, as JSON); answers its id', body: scenarioSchema },
  { operation: 'control.scenarios.load', method: 'POST', path: '/api/scenarios/load', summary: 'load a named scenario file', body: loadScenarioSchema },
  { operation: 'control.scenarios.clear', method: 'DELETE', path: '/api/scenarios', summary: 'remove every loaded scenario' },
  { operation: 'control.scenarios.rearm', method: 'POST', path: '/api/scenarios/:id/reset', summary: 'set the counters of one scenario back to zero (once rules fire again)' },
  { operation: 'control.scenarios.remove', method: 'DELETE', path: '/api/scenarios/:id', summary: 'remove one scenario (by id, or all of that name)' },
  { operation: 'control.journal.list', method: 'GET', path: '/api/journal', summary: 'journaled requests, oldest first, with filters', query: journalQuerySchema },
  { operation: 'control.journal.count', method: 'GET', path: '/api/journal/count', summary: 'how many journaled requests match the filters', query: journalQuerySchema },
  { operation: 'control.journal.unmatched', method: 'GET', path: '/api/journal/unmatched', summary: 'requests that hit no route', query: journalQuerySchema },
  { operation: 'control.journal.find', method: 'POST', path: '/api/journal/find', summary: 'find requests by filters and body/header/id predicates', body: journalFindSchema },
  { operation: 'control.journal.get', method: 'GET', path: '/api/journal/:id{[0-9]+}', summary: 'one journal entry' },
  { operation: 'control.journal.clear', method: 'DELETE', path: '/api/journal', summary: 'empty the journal (all or one vendor)', query: vendorQuery },
  { operation: 'control.contract', method: 'GET', path: '/api/contract', summary: 'contract report: operations and error paths exercised, requests that broke the contract', query: vendorQuery },
  { operation: 'control.contract.clear', method: 'DELETE', path: '/api/contract', summary: 'restart the contract tallies', query: vendorQuery },
  { operation: 'control.seed', method: 'POST', path: '/api/seed', summary: 'create orders in a given state for one account', body: seedSchema },
  { operation: 'control.openapi', method: 'GET', path: '/api/openapi/:document', summary: 'OpenAPI 3.1 document: regfish.json, digicert.json, sectigo.json or control.json' },
  { operation: 'control.clock.get', method: 'GET', path: '/api/clock', summary: 'the virtual clock' },
  { operation: 'control.clock.set', method: 'PUT', path: '/api/clock', summary: 'set the virtual clock', body: z.object({ now: z.iso.datetime({ offset: true }) }) },
  {
    operation: 'control.clock.advance',
    method: 'POST',
    path: '/api/clock/advance',
    summary: 'advance the virtual clock',
    body: z.object({ ms: z.number().optional(), seconds: z.number().optional(), minutes: z.number().optional(), hours: z.number().optional(), days: z.number().optional() }),
  },
  { operation: 'control.orders.list', method: 'GET', path: '/api/orders', summary: 'orders, oldest first, one page at a time (filter by vendor)', query: orderListQuerySchema },
  { operation: 'control.orders.get', method: 'GET', path: '/api/orders/:vendor/:id', summary: 'one order' },
  {
    operation: 'control.orders.action',
    method: 'POST',
    path: '/api/orders/:vendor/:id/:action',
    summary: 'approve-dcv, issue, reject, expire or revoke an order',
    body: z.object({ reason: z.number().int().min(0).max(10).optional(), comment: z.string().optional() }),
  },
  { operation: 'control.dns.list', method: 'GET', path: '/api/dns/records', summary: 'emulated DNS records, one page at a time', query: dnsListQuerySchema },
  { operation: 'control.dns.add', method: 'POST', path: '/api/dns/records', summary: 'add an emulated DNS record', body: dnsRecord },
  { operation: 'control.dns.remove', method: 'DELETE', path: '/api/dns/records/:id', summary: 'remove an emulated DNS record' },
  { operation: 'control.eabKeys.list', method: 'GET', path: '/api/acme/eab-keys', summary: 'ACME External Account Binding keys of the DigiCert and Sectigo accounts', query: eabKeyQuerySchema },
  { operation: 'control.eabKeys.add', method: 'POST', path: '/api/acme/eab-keys', summary: 'a new EAB key (kid + HMAC key) of an account', body: newEabKeySchema, responseStatus: 201 },
  { operation: 'control.eabKeys.remove', method: 'DELETE', path: '/api/acme/eab-keys/:vendor/:kid', summary: 'delete an EAB key (accounts bound with it stay)' },
  { operation: 'control.ca.root', method: 'GET', path: '/api/ca/root.pem', summary: 'root certificate (PEM)' },
  { operation: 'control.ca.intermediate', method: 'GET', path: '/api/ca/intermediate.pem', summary: 'intermediate certificate (PEM)' },
  { operation: 'control.ca.chain', method: 'GET', path: '/api/ca/chain.pem', summary: 'intermediate + root (PEM)' },
  { operation: 'control.ca.crl', method: 'GET', path: '/api/ca/crl', summary: 'CRL (DER, or PEM with ?format=pem)' },
  { operation: 'control.ca.ocsp', method: 'POST', path: '/api/ca/ocsp', summary: 'OCSP responder (application/ocsp-request)' },
  { operation: 'control.ca.ocspGet', method: 'GET', path: '/api/ca/ocsp/*', summary: 'OCSP responder, GET form (base64 request in the path)' },
  {
    operation: 'control.outbox.list',
    method: 'GET',
    path: '/api/outbox',
    summary: 'emails the emulator "sent" (DCV, notifications) with their approval links, oldest first, one page at a time',
    query: outboxListQuerySchema,
  },
  { operation: 'control.outbox.approve', method: 'POST', path: '/api/outbox/:token/approve', summary: 'follow the approval link of a message' },
  { operation: 'control.outbox.approveGet', method: 'GET', path: '/api/outbox/:token/approve', summary: 'follow the approval link of a message (GET, as a browser would)' },
  { operation: 'control.certificates.status', method: 'GET', path: '/api/certificates/:serial', summary: 'certificate status by serial (hex)' },
];

/** The control API's OpenAPI 3.1 document. */
export function controlDocument(serverUrl?: string): Record<string, unknown> {
  return buildDocument(controlOperations, {
    title: 'mockca control API',
    version,
    description: 'Drives the emulator from tests and QA: reset, scenarios, request journal, contract report, seeding, clock, orders, DNS, CA material.',
    serverUrl,
    errorResponse: {
      description: 'control API error',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
            required: ['error'],
          },
        },
      },
    },
  });
}
