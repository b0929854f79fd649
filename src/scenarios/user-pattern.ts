import { RE2JS } from 're2js';

/**
 * Regular expressions written by users (scenario matchers, journal filters) run on a linear-time
 * engine (RE2): `^(a+)+$` costs the same as `^a+$`, so no pattern can freeze the listeners.
 * RE2 has no backreferences or lookaround; such a pattern is refused with RE2's reason.
 */

/** Longer patterns are refused (RE2 compiles in linear time, but nobody writes a 1,000-character matcher). */
export const maxPatternLength = 1000;

/** A pattern that does not compile; the message says why, in one sentence. */
export class PatternError extends Error {}

export interface UserPattern {
  /** Whether the pattern matches anywhere in `text` (RegExp.test semantics, no state between calls). */
  test(text: string): boolean;
  /** `/source/flags`, as the user wrote it. */
  toString(): string;
}

const flagBits: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
/** Flags that change nothing for a stateless test (RE2 always speaks Unicode). */
const neutralFlags = new Set(['g', 'y', 'u', 'd', 'v']);

/** Compiles a user's pattern written in JavaScript syntax (`\/`, `(?<name>…)`, `\u0041` work). */
export function compileUserPattern(source: string, flags = '', maxLength = maxPatternLength): UserPattern {
  if (source.length > maxLength) throw new PatternError(`the pattern is longer than ${maxLength} characters`);
  let bits = 0;
  for (const f of flags) {
    if (f in flagBits) bits |= flagBits[f];
    else if (!neutralFlags.has(f)) throw new PatternError(`unknown regular expression flag '${f}' (i, m, s are supported)`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (e) {
    throw new PatternError(`invalid regular expression /${source}/: ${(e as Error).message.replace(/^error parsing regexp: /, '')}`);
  }
  return {
    test: (text) => re.test(text),
    toString: () => `/${source}/${flags}`,
  };
}

