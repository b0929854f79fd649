import { createHash } from 'node:crypto';
import { fetchHttp01 } from './http01.js';
import { checkTlsAlpn01 } from './tls-alpn01.js';
import { acmeInferred } from './inferred.js';
import { b64u } from './jws.js';
import type { AcmeAuthz, AcmeChallenge } from './model.js';
import { problemUrn, type AcmeProblemType, type ProblemDocument } from './problems.js';
import type { AcmeServer } from './server.js';

export const keyAuthorization = (token: string, thumbprint: string): string => `${token}.${thumbprint}`;

const failure = (type: AcmeProblemType, status: number, detail: string): ProblemDocument => ({ type: problemUrn(type), detail, status });

/**
 * Checks one challenge (RFC 8555 §8.3, §8.4): dns-01 against the emulated DNS zone, http-01 by
 * fetching the token from the configured address, tls-alpn-01 by a handshake there;
 * --acme-always-valid passes every challenge.
 * Answers null when it passed, the problem otherwise.
 */
export async function checkChallenge(server: AcmeServer, authz: AcmeAuthz, challenge: AcmeChallenge, thumbprint: string): Promise<ProblemDocument | null> {
  const { config } = server.ctx;
  if (config.acmeAlwaysValid) return null;
  const expected = keyAuthorization(challenge.token, thumbprint);
  const name = authz.identifier.value;
  switch (challenge.type) {
    case 'dns-01': {
      const owner = `_acme-challenge.${name}`;
      const digest = b64u(createHash('sha256').update(expected).digest());
      const records = server.ctx.core.dns.lookup(owner, 'TXT').map((r) => r.data.trim().replace(/^"|"$/g, ''));
      if (records.includes(digest)) return null;
      if (records.length === 0) return failure('dns', 400, `no TXT record at ${owner} in the emulated DNS`);
      return failure('incorrectResponse', 403, `the TXT records at ${owner} do not hold ${digest} (found ${records.slice(0, 5).join(', ')})`);
    }
    case 'http-01': {
      const got = await fetchHttp01(config.acmeHttpAddress, config.acmeHttpPort, name, challenge.token, acmeInferred.http01TimeoutMs);
      const where = `http://${name}/.well-known/acme-challenge/${challenge.token} (fetched from ${config.acmeHttpAddress}:${config.acmeHttpPort})`;
      if (got.kind === 'error') return failure('connection', 400, `${where}: ${got.message}`);
      if (got.status !== 200) return failure('unauthorized', 403, `${where} answered HTTP ${got.status}`);
      if (got.body.trim() !== expected) return failure('incorrectResponse', 403, `${where} answered ${JSON.stringify(got.body.slice(0, 100))}, not the key authorization`);
      return null;
    }
    case 'tls-alpn-01': {
      const digest = createHash('sha256').update(expected).digest();
      const got = await checkTlsAlpn01(config.acmeHttpAddress, config.acmeTlsPort, name, digest, acmeInferred.http01TimeoutMs);
      if (got.kind === 'ok') return null;
      const status = got.problem === 'incorrectResponse' ? 403 : 400;
      return failure(got.problem, status, `tls-alpn-01 at ${config.acmeHttpAddress}:${config.acmeTlsPort} (SNI ${name}): ${got.message}`);
    }
    default: {
      const never: never = challenge.type;
      throw new Error(`unknown challenge type ${String(never)}`);
    }
  }
}
