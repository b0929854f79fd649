/**
 * Test domains that ask for a behaviour without any admin call: an order with any name under
 * one of these suffixes follows that policy, whatever the configured default. First match wins.
 */
export const magicDomains = [
  { suffix: 'reject.test', policy: 'reject', effect: 'the order is rejected at the first status read' },
  { suffix: 'pending.test', policy: 'manual', effect: 'never issued (only the control API or console issues it)' },
  { suffix: 'slow.test', policy: 'delay:60', effect: 'issued 60 virtual seconds after ordering' },
  { suffix: 'dcv.test', policy: 'dcv', effect: 'issued once domain control is validated' },
  { suffix: 'instant.test', policy: 'immediate', effect: 'issued at once, already in the order answer' },
] as const;

export function magicPolicy(names: readonly string[]): string | undefined {
  for (const magic of magicDomains) {
    const hit = names.some((n) => {
      const name = n.toLowerCase().replace(/\.$/, '');
      return name === magic.suffix || name.endsWith(`.${magic.suffix}`);
    });
    if (hit) return magic.policy;
  }
  return undefined;
}
