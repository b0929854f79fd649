import { CsrError, type CsrInfo } from '../../ca/csr.js';
import type { EmulatorContext } from '../../context.js';
import { DigicertFailure } from './respond.js';

/** Parses the CSR; an unreadable one is `csr_invalid_cannot_parse`, an unsupported key `csr_invalid_key_size`. */
export async function parseDigicertCsr(ctx: EmulatorContext, pem: string): Promise<CsrInfo> {
  try {
    return await ctx.ca.parseCsr(pem);
  } catch (e) {
    if (!(e instanceof CsrError)) throw e;
    const keyProblem = e.problem === 'unsupported_key_size' || e.problem === 'unsupported_algorithm';
    throw new DigicertFailure(keyProblem ? 'csr_invalid_key_size' : 'csr_invalid_cannot_parse', `csr: ${e.message}`);
  }
}
