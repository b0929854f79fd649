import type { RenderedError, VendorErrorCatalogue } from '../../context.js';
import { acmeInferred } from './inferred.js';
import { acmeProblems, isProblemType, problemContentType, problemUrn, scriptedDetails } from './problems.js';

const prefix = 'acme:';

/** A problem document as a scenario answers it (`digicert:acme:badNonce`, `sectigo:acme:rateLimited`). */
function renderProblem(name: string): RenderedError | undefined {
  if (!isProblemType(name)) return undefined;
  const status = acmeProblems[name];
  const headers: Record<string, string> = { 'content-type': problemContentType };
  if (name === 'rateLimited') headers['retry-after'] = String(acmeInferred.retryAfterSeconds);
  const detail = scriptedDetails[name] ?? `${name} (scenario)`;
  return { status, headers, body: JSON.stringify({ type: problemUrn(name), detail, status }, null, 2) };
}

/** The vendor's catalogue plus the ACME problems under `acme:`, so scenarios can script either. */
export function withAcmeProblems(catalogue: VendorErrorCatalogue | undefined): VendorErrorCatalogue {
  return {
    names: () => [...(catalogue?.names() ?? []), ...Object.keys(acmeProblems).map((n) => `${prefix}${n}`)],
    render: (name, operation, request) =>
      name.startsWith(prefix) ? renderProblem(name.slice(prefix.length)) : catalogue?.render(name, operation, request),
  };
}
