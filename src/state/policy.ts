/** When a pending certificate becomes issued. */
export type IssuancePolicy =
  | { kind: 'immediate' }
  | { kind: 'polls'; polls: number }
  | { kind: 'delay'; seconds: number }
  | { kind: 'dcv' }
  | { kind: 'manual' }
  | { kind: 'reject' };

export const policyPattern = /^(immediate|dcv|manual|reject|polls:\d{1,6}|delay:\d+(\.\d+)?)$/;
export const policySyntax = 'immediate | polls:N | delay:SECONDS | dcv | manual';

export function parsePolicy(text: string): IssuancePolicy {
  const [kind, arg] = text.split(':');
  switch (kind) {
    case 'immediate':
    case 'dcv':
    case 'manual':
    case 'reject':
      if (arg === undefined) return { kind };
      break;
    case 'polls':
      if (arg !== undefined && /^\d+$/.test(arg)) return { kind, polls: Number(arg) };
      break;
    case 'delay':
      if (arg !== undefined && /^\d+(\.\d+)?$/.test(arg)) return { kind, seconds: Number(arg) };
      break;
  }
  throw new Error(`issuance policy '${text}' is not one of: ${policySyntax}`);
}
