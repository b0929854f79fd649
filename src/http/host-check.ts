import { isIP } from 'node:net';
import { BoundedMemo } from '../lib/bounded-memo.js';

/** The real names of the emulated APIs: in the --tls certificate, so a hosts-file entry can point them here. */
export const vendorHostNames = ['api.regfish.com', 'www.digicert.com', 'secure.trust-provider.com'];

/** The name in a Host header: lower case, without the port, the IPv6 brackets or a trailing dot. */
export function hostName(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h) ?? /^([^:[\]/\\@\s]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1].replace(/\.$/, '') : undefined;
}

/**
 * Which Host headers the listeners answer, against DNS rebinding (a page of evil.example whose
 * name later resolves to 127.0.0.1 can read what it sends there): localhost and *.localhost, IP
 * literals (a browser that sends one connected by address, no name was rebound), the --host value,
 * the real vendor names, and `allowed`: exact names, `.example.com` for that domain and every name
 * under it, `*` for any Host at all. A request without a Host header (HTTP/1.0) comes from no browser.
 */
export function hostPolicy(bindHost: string, allowed: readonly string[]): (hostHeader: string | null) => boolean {
  if (allowed.includes('*')) return () => true;
  const exact = new Set(['localhost', ...vendorHostNames, hostName(bindHost) ?? bindHost.toLowerCase()]);
  const suffixes: string[] = [];
  for (const entry of allowed) {
    const name = entry.trim().toLowerCase().replace(/\.$/, '');
    if (name.startsWith('.')) {
      suffixes.push(name);
      exact.add(name.slice(1));
    } else exact.add(hostName(name) ?? name);
  }
  const decide = (header: string): boolean => {
    const name = hostName(header);
    if (name === undefined) return false;
    return isIP(name) !== 0 || exact.has(name) || name.endsWith('.localhost') || suffixes.some((s) => name.endsWith(s));
  };
  // A client sends the same Host again and again: remember the last few answers (bounded, so a
  // flood of made-up Host headers costs nothing but the check itself).
  const decided = new BoundedMemo<string, boolean>(64);
  return (header) => {
    if (header === null) return true;
    let allowed = decided.get(header);
    if (allowed === undefined) {
      allowed = decide(header);
      if (header.length <= 255) decided.set(header, allowed);
    }
    return allowed;
  };
}
