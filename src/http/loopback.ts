import { isIPv4 } from 'node:net';

/** Whether a bound socket address is reachable from this machine only (127.0.0.0/8, ::1). */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1';
}

/** What the banner says about where the listeners are bound. */
export function describeBinding(address: string): string {
  if (address === '0.0.0.0') return 'bound to 0.0.0.0: every IPv4 interface (the URLs below use this machine’s loopback)';
  if (address === '::') return 'bound to :: (every interface; the URLs below use this machine’s loopback)';
  return isLoopback(address) ? `bound to ${address} (loopback only)` : `bound to ${address}`;
}
