import * as z from 'zod';
import type { HttpMethod, OperationInfo } from '../emulators/operation-router.js';

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a zod schema, as the request side sees it. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

export interface DocumentOptions {
  title: string;
  version: string;
  description: string;
  serverUrl?: string;
  /** Security scheme every operation uses (e.g. an API key header). */
  security?: { name: string; scheme: Record<string, unknown> };
  /** The vendor's error answer, for the `default` response. */
  errorResponse: { description: string; content?: Record<string, { schema: Record<string, unknown> }> };
}

/** `/tls/certificate/:certificate_id` → `/tls/certificate/{certificate_id}` and its path parameters. */
export function openApiPath(path: string): { path: string; params: { name: string; pattern?: string }[] } {
  const params: { name: string; pattern?: string }[] = [];
  let wildcard = 0;
  const converted = path
    .replace(/:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^{}]*\})+)\})?/g, (_m, name: string, _b, pattern?: string) => {
      params.push({ name, pattern: pattern ? `^${pattern}$` : undefined });
      return `{${name}}`;
    })
    .replace(/\*/g, () => {
      const name = wildcard++ ? `rest${wildcard}` : 'rest';
      params.push({ name });
      return `{${name}}`;
    });
  return { path: converted, params };
}

const lower = (m: HttpMethod) => m.toLowerCase() as Lowercase<HttpMethod>;

/** An OpenAPI 3.1 document from a list of operations (method, path, summary, zod body and query schemas). */
export function buildDocument(operations: readonly OperationInfo[], options: DocumentOptions): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const usedIds = new Set<string>();
  for (const op of operations) {
    const { path, params } = openApiPath(op.path);
    let operationId = op.operation;
    if (usedIds.has(operationId)) operationId = `${op.operation}.${lower(op.method)}`;
    for (let i = 2; usedIds.has(operationId); i++) operationId = `${op.operation}.${lower(op.method)}${i}`;
    usedIds.add(operationId);
    const parameters: Record<string, unknown>[] = params.map((p) => ({
      name: p.name,
      in: 'path',
      required: true,
      schema: p.pattern ? { type: 'string', pattern: p.pattern } : { type: 'string' },
    }));
    if (op.query) {
      const q = jsonSchema(op.query);
      const props = (q.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((q.required ?? []) as string[]);
      for (const [name, schema] of Object.entries(props)) {
        parameters.push({ name, in: 'query', required: required.has(name), schema, ...(typeof schema.description === 'string' ? { description: schema.description } : {}) });
      }
    }
    const operation: Record<string, unknown> = {
      operationId,
      summary: op.summary ?? op.operation,
      description: `Operation name for scenarios and the journal: \`${op.operation}\`.`,
      tags: [op.operation.split('.').slice(0, 2).join('.')],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { [op.bodyType ?? 'application/json']: { schema: jsonSchema(op.body) } } } }
        : {}),
      responses: {
        [String(op.responseStatus ?? 200)]: op.response
          ? { description: 'success (the vendor\'s documented answer)', content: { [op.responseType ?? 'application/json']: { schema: jsonSchema(op.response, 'output') } } }
          : { description: 'success (the vendor\'s documented answer)' },
        default: options.errorResponse,
      },
    };
    paths[path] ??= {};
    if (paths[path][lower(op.method)]) continue;
    paths[path][lower(op.method)] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    ...(options.security
      ? { components: { securitySchemes: { [options.security.name]: options.security.scheme } }, security: [{ [options.security.name]: [] }] }
      : {}),
  };
}
