import { createHash, timingSafeEqual } from 'node:crypto';

/** The console's session cookie: a digest of the token, never the token itself. */
export const tokenCookie = 'mockca_token';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time (the digests have one length whatever was sent). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie value that stands for `token` once someone logged in to the console. */
export const cookieValue = (token: string) => digest(`mockca console session\0${token}`).toString('base64url');
