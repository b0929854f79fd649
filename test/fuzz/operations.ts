import { canonicalPath } from '../../src/emulators/sectigo/app.js';
import { sectigoEndpointNames } from '../../src/emulators/sectigo/endpoints.js';

export type Api = 'regfish' | 'digicert' | 'sectigo' | 'control';
export const apis: readonly Api[] = ['regfish', 'digicert', 'sectigo', 'control'];

type JsonSchema = Record<string, unknown>;

/** One operation to fuzz, as the OpenAPI documents the server generates describe it. */
export interface FuzzOperation {
  api: Api;
  id: string;
  method: string;
  /** OpenAPI path with `{param}` placeholders. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body?: { type: string; schema: JsonSchema };
}

interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/**
 * Every operation of every vendor and of the control API, from `GET /api/openapi/<name>.json`, plus
 * any Sectigo endpoint of the endpoint table the document lacks: a new operation is fuzzed as soon
 * as it is served.
 */
export async function loadOperations(controlUrl: string): Promise<FuzzOperation[]> {
  const out: FuzzOperation[] = [];
  for (const api of apis) {
    const res = await fetch(`${controlUrl}/api/openapi/${api}.json`);
    if (res.status !== 200) throw new Error(`GET /api/openapi/${api}.json answered ${res.status}`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const params = op.parameters ?? [];
        const content = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
        out.push({
          api,
          id: op.operationId,
          method: method.toUpperCase(),
          path,
          pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
          query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
          body: content ? { type: content[0], schema: content[1].schema } : undefined,
        });
      }
    }
  }
  const sectigoPaths = new Set(out.filter((o) => o.api === 'sectigo').map((o) => o.path));
  for (const name of sectigoEndpointNames) {
    const path = canonicalPath(name);
    if (!sectigoPaths.has(path)) out.push({ api: 'sectigo', id: `sectigo.${name}`, method: 'POST', path, pathParams: [], query: [], body: { type: 'application/x-www-form-urlencoded', schema: { type: 'object' } } });
  }
  return out;
}
