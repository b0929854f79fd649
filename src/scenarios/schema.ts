import * as z from 'zod';
import { vendors, type Vendor } from '../state/model.js';

/**
 * The scenario file shape users write (YAML or JSON). One schema validates files, the control
 * API body and the programmatic API, and documents them in the control API's OpenAPI document.
 */

/** Rules one scenario may have (the benchmark's 100 cost nothing; thousands are a mistake). */
export const maxRulesPerScenario = 1000;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A field predicate: a plain value means "equals"; the object form says how to compare. */
export const predicateSchema = z.union([
  scalar,
  z
    .object({
      equals: scalar.optional(),
      contains: z.string().optional().describe('substring of the value'),
      matches: z.string().optional().describe('regular expression the value matches'),
      exists: z.boolean().optional().describe('the field is present (true) or absent (false)'),
      in: z.array(scalar).optional().describe('one of these values'),
    })
    .strict(),
]);

/** What HTTP allows in a header (RFC 9110 token; a value without CR, LF, NUL or characters above U+00FF). */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headerValue = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'not a valid HTTP header value (no line breaks, only Latin-1 characters)');
const headersSchema = z.record(z.string(), headerValue).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) if (!headerName.test(name)) ctx.addIssue({ code: 'custom', message: 'not a valid HTTP header name', path: [name] });
});

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1)]);

export const matchSchema = z
  .object({
    vendor: z.enum(vendors as [Vendor, ...Vendor[]]).optional(),
    operation: oneOrMany(z.string().min(3).max(100)).optional().describe('operation name(s), e.g. regfish.reissue (see docs/scenarios.md)'),
    method: oneOrMany(z.string().min(3).max(20)).optional(),
    path: z.string().min(1).optional().describe('path pattern: `*` is one path segment, `**` any rest; or /regex/'),
    id: oneOrMany(z.union([z.string().min(1), z.number()])).optional().describe('order or certificate id (route parameter or form field)'),
    body: z.record(z.string(), predicateSchema).optional().describe('JSON body fields (dot paths) or form fields'),
    query: z.record(z.string(), predicateSchema).optional(),
    headers: z.record(z.string(), predicateSchema).optional(),
    account: oneOrMany(z.string().min(1)).optional().describe('API key, Sectigo loginName or account name of the caller'),
  })
  .strict();

const ms = z.number().min(0).max(600_000);

export const delaySchema = z.union([
  ms,
  z.object({ fixed: ms }).strict(),
  z.object({ uniform: z.tuple([ms, ms]) }).strict(),
  z.object({ lognormal: z.object({ median: ms, sigma: z.number().min(0).max(5) }).strict() }).strict(),
]);

export const respondSchema = z.union([
  z.object({ error: z.string().regex(/^(regfish|digicert|sectigo):.+$/, 'must be vendor:name, e.g. regfish:409') }).strict(),
  z
    .object({
      // A Response cannot carry 1xx (interim) statuses; such a rule would break every connection it answers.
      status: z.number().int().min(200).max(599),
      headers: headersSchema.optional(),
      body: z.unknown().optional().describe('a string is sent as is; anything else as JSON'),
    })
    .strict(),
]);

export const faultKinds = ['reset', 'empty', 'garbage', 'hang'] as const;
export const effectKinds = ['pending', 'reject', 'issue', 'expire', 'approve-dcv', 'revoke', 'caa-blocked'] as const;
export type FaultKind = (typeof faultKinds)[number];
export type EffectKind = (typeof effectKinds)[number];

export const ruleSchema = z
  .object({
    match: matchSchema.default({}),
    respond: respondSchema.nullish(),
    delay: delaySchema.nullish(),
    fault: z.enum(faultKinds).nullish(),
    effect: z.enum(effectKinds).nullish().describe('state effect on the order the request names: keep it pending, reject, issue, expire, approve DCV, revoke, block its issuance as a forbidding CAA record would'),
    times: z.number().int().min(1).optional().describe('answer this many times, then stand aside'),
    once: z.boolean().optional().describe('same as times: 1'),
    skip: z.number().int().min(0).optional().describe('let the first N matching requests through'),
    probability: z.number().min(0).max(1).optional().describe('answer with this probability, drawn from the seeded generator'),
    comment: z.string().optional(),
  })
  .strict()
  .refine((r) => r.respond || r.fault || r.delay !== undefined && r.delay !== null || r.effect, {
    message: 'a rule needs at least one of respond, fault, delay, effect',
  })
  .refine((r) => !(r.respond && r.fault), { message: 'respond and fault exclude each other', path: ['fault'] });

export const scenarioSchema = z
  .object({
    $comment: z.string().optional().describe('what the scenario is for (JSON files have no comments)'),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only').optional(),
    description: z.string().optional(),
    account: z.string().min(1).optional().describe('limit every rule to this API key / login'),
    rules: z.array(ruleSchema).min(1).max(maxRulesPerScenario),
  })
  .strict();

export type ScenarioSpec = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;
export type MatchSpec = z.infer<typeof matchSchema>;
export type Predicate = z.infer<typeof predicateSchema>;
export type DelaySpec = z.infer<typeof delaySchema>;
export type RespondSpec = z.infer<typeof respondSchema>;

/** Thrown for a scenario that does not validate; the message names the source, the rule and the field. */
export class ScenarioError extends Error {}

/** "scenarios/x.yaml: rule 2, field respond.error: …" from a zod issue path. */
export function describeIssue(source: string, path: readonly PropertyKey[], message: string): string {
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const field = path.slice(2).map(String).join('.');
    return `${source}: rule ${path[1] + 1}${field ? `, field ${field}` : ''}: ${message}`;
  }
  const field = path.map(String).join('.');
  return `${source}: ${field ? `field ${field}: ` : ''}${message}`;
}

/** Deepest nesting a scenario may have: real ones need about 10 (a rule's `respond.body` included). */
export const maxScenarioDepth = 64;

/**
 * The path to the first value nested deeper than `max` levels, or undefined. Iterative, so 20,000
 * levels (or a cycle, in the programmatic API) cost a loop, not the stack.
 */
export function tooDeep(raw: unknown, max: number): PropertyKey[] | undefined {
  const stack: { value: unknown; depth: number; path: PropertyKey[] }[] = [{ value: raw, depth: 0, path: [] }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= max) return path;
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, depth: depth + 1, path: path.length < 4 ? [...path, Array.isArray(value) ? Number(k) : k] : path });
  }
  return undefined;
}

export function parseScenario(source: string, raw: unknown): ScenarioSpec {
  const deep = tooDeep(raw, maxScenarioDepth);
  if (deep) throw new ScenarioError(describeIssue(source, deep, `nested deeper than ${maxScenarioDepth} levels`));
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ScenarioError(describeIssue(source, issue.path, issue.message));
  }
  return result.data;
}
