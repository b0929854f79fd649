import type { Context } from 'hono';
import * as z from 'zod';
import type { JournalEntry, JournalFilter } from '../../journal/journal.js';
import { withoutSecrets } from '../../journal/secrets.js';
import { compilePredicate, pathPattern } from '../../scenarios/matchers.js';
import { bodyField, parseBody } from '../../scenarios/request-view.js';
import { predicateSchema } from '../../scenarios/schema.js';
import { PatternError } from '../../scenarios/user-pattern.js';
import { vendors, type Vendor } from '../../state/model.js';
import type { ControlRoutes } from '../env.js';
import { controlBody, ControlFailure } from '../respond.js';

const vendor = z.enum(vendors as [Vendor, ...Vendor[]]);

/** The query filters of GET /api/journal and /api/journal/count. */
export const journalQuerySchema = z
  .object({
    vendor: vendor.optional(),
    operation: z.string().optional(),
    method: z.string().optional(),
    path: z.string().optional().describe('path pattern: `*` one segment, `**` any rest'),
    status: z.coerce.number().int().optional(),
    account: z.string().optional(),
    matched: z.enum(['true', 'false']).optional(),
    error: z.string().optional().describe('named error, e.g. regfish:reissueConflict'),
    scenario: z.string().optional().describe('id or name of the scenario that answered'),
    since: z.coerce.number().int().optional().describe('only entries with a larger id'),
    limit: z.coerce.number().int().min(1).optional(),
    secrets: z.enum(['true', 'false']).optional().describe('true: show API keys and passwords as sent (masked by default)'),
  })
  .strict();

/** POST /api/journal/find: the query filters plus body, header and id predicates (like a rule's match). */
export const journalFindSchema = z
  .object({
    vendor: vendor.optional(),
    operation: z.string().optional(),
    method: z.string().optional(),
    path: z.string().optional(),
    status: z.number().int().optional(),
    account: z.string().optional(),
    matched: z.boolean().optional(),
    error: z.string().optional(),
    scenario: z.string().optional(),
    answered: z.boolean().optional().describe('true: only requests a scenario rule answered'),
    since: z.number().int().optional(),
    id: z.union([z.string(), z.number()]).optional().describe('order or certificate id in the path or the form body'),
    body: z.record(z.string(), predicateSchema).optional(),
    headers: z.record(z.string(), predicateSchema).optional(),
    limit: z.number().int().min(1).optional(),
    secrets: z.boolean().optional().describe('true: show API keys and passwords as sent (masked by default)'),
  })
  .strict();

/** Compiles a user pattern (linear-time engine); one that does not compile is the caller's 400, not a 500. */
function pattern<T>(compile: () => T, field = 'path'): T {
  try {
    return compile();
  } catch (e) {
    if (e instanceof PatternError) throw new ControlFailure(400, 'invalid_pattern', `${field}: ${e.message}`);
    throw e;
  }
}

function fromQuery(c: Context): { filter: JournalFilter; limit?: number; secrets: boolean } {
  const parsed = journalQuerySchema.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ControlFailure(400, 'invalid_query', `${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  const q = parsed.data;
  return {
    filter: {
      vendor: q.vendor,
      operation: q.operation,
      method: q.method,
      path: q.path === undefined ? undefined : pattern(() => pathPattern(q.path!)),
      status: q.status,
      account: q.account,
      matched: q.matched === undefined ? undefined : q.matched === 'true',
      error: q.error,
      scenario: q.scenario,
      since: q.since,
    },
    limit: q.limit,
    secrets: q.secrets === 'true',
  };
}

/** Newest last; `limit` keeps the newest ones. Credentials are masked unless `secrets` is asked for. */
const page = (entries: JournalEntry[], limit: number | undefined, secrets: boolean) => {
  const kept = limit ? entries.slice(-limit) : entries;
  return { count: entries.length, entries: secrets ? kept : kept.map(withoutSecrets) };
};

/** The request journal: list with filters, count, find (with body predicates), unmatched, one entry, clear. */
export const journalRoutes: ControlRoutes = (app, ctx) => {
  const journal = ctx.journal;

  app.get('/api/journal', (c) => {
    const { filter, limit, secrets } = fromQuery(c);
    return c.json({ ...page(journal.find(filter), limit, secrets), capacity: journal.size, bytes: journal.bytes, max_bytes: journal.maxBytes });
  });

  app.get('/api/journal/count', (c) => c.json({ count: journal.count(fromQuery(c).filter) }));

  app.get('/api/journal/unmatched', (c) => {
    const { filter, limit, secrets } = fromQuery(c);
    return c.json(page(journal.find({ ...filter, matched: false }), limit, secrets));
  });

  app.post('/api/journal/find', async (c) => {
    const f = await controlBody(c, ctx.config.maxBodyBytes, journalFindSchema);
    const bodyTests = Object.entries(f.body ?? {}).map(([k, p]) => [k, pattern(() => compilePredicate(p), `body.${k}`)] as const);
    const headerTests = Object.entries(f.headers ?? {}).map(([k, p]) => [k.toLowerCase(), pattern(() => compilePredicate(p), `headers.${k}`)] as const);
    const id = f.id === undefined ? undefined : String(f.id);
    const test = (e: JournalEntry) => {
      const parsed = bodyTests.length || id !== undefined ? parseBody(e.request.body ?? '', e.request.headers['content-type'] ?? '') : undefined;
      if (id !== undefined) {
        const inPath = e.path.split('/').includes(id);
        const inForm = parsed?.kind === 'form' && Object.entries(parsed.value).some(([k, v]) => /id$|order|certificate/i.test(k) && v === id);
        if (!inPath && !inForm) return false;
      }
      if (!bodyTests.every(([k, t]) => t.test(bodyField(parsed!, k)))) return false;
      return headerTests.every(([k, t]) => t.test(e.request.headers[k]));
    };
    const filter: JournalFilter = {
      vendor: f.vendor,
      operation: f.operation,
      method: f.method,
      path: f.path === undefined ? undefined : pattern(() => pathPattern(f.path!)),
      status: f.status,
      account: f.account,
      matched: f.matched,
      error: f.error,
      scenario: f.scenario,
      answered: f.answered,
      since: f.since,
      test: bodyTests.length || headerTests.length || id !== undefined ? test : undefined,
    };
    return c.json(page(journal.find(filter), f.limit, f.secrets ?? false));
  });

  app.get('/api/journal/:id{[0-9]+}', (c) => {
    const entry = journal.get(Number(c.req.param('id')));
    if (!entry) throw new ControlFailure(404, 'unknown_entry', `no journal entry ${c.req.param('id')} (the journal keeps the last ${journal.size}, at most ${journal.maxBytes} bytes)`);
    return c.json(c.req.query('secrets') === 'true' ? entry : withoutSecrets(entry));
  });

  app.delete('/api/journal', (c) => {
    const v = c.req.query('vendor');
    if (v !== undefined && !vendors.includes(v as Vendor)) throw new ControlFailure(400, 'invalid_vendor', `vendor must be one of ${vendors.join(', ')}`);
    const before = journal.length;
    journal.clear(v as Vendor | undefined);
    return c.json({ cleared: before - journal.length });
  });
};
