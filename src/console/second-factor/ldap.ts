import type { EmulatorContext } from '../../context.js';
import type { Outcome } from './outcome.js';

/** RFC 4514 escaping of a value put into a DN (the typed user name). */
const escapeDnValue = (v: string) => v.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`).replace(/^ | $/g, (c) => `\\${c}`);

/**
 * The active-directory second factor: an LDAP simple bind as the typed user against the configured
 * server (`console.ldap.url`, bind name from `console.ldap.bindDn`). Loaded only when configured.
 */
export async function bindAs(ctx: EmulatorContext, username: string, password: string): Promise<Outcome> {
  const { url, bindDn, timeoutMs } = ctx.config.consoleLdap;
  if (!url) return { ok: false, reason: 'no directory server is configured (console.ldap.url)' };
  const dn = bindDn.replaceAll('{username}', bindDn.includes('=') ? escapeDnValue(username) : username);
  const { Client, InvalidCredentialsError } = await import('ldapts');
  let client: InstanceType<typeof Client> | undefined;
  try {
    client = new Client({ url, timeout: timeoutMs, connectTimeout: timeoutMs });
    await client.bind(dn, password);
    return { ok: true, who: dn };
  } catch (e) {
    if (e instanceof InvalidCredentialsError) return { ok: false, reason: `the directory refused the password of ${dn} (invalid credentials)` };
    return { ok: false, reason: `the directory at ${url} answered: ${(e as Error).message || (e as Error).name}` };
  } finally {
    await client?.unbind().catch(() => undefined);
  }
}
