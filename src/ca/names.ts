/** Every name the local CA puts in a certificate says loudly that it is for testing only. */
export const caNames = {
  organization: 'mockca TEST CA - NOT TRUSTED',
  root: 'mockca TEST Root CA - DO NOT TRUST',
  intermediate: 'mockca TEST Issuing CA - DO NOT TRUST',
  server: 'mockca TEST server certificate',
} as const;

/** Certificate policy OIDs of the CA/Browser Forum baseline requirements, per validation level. */
export const policyOids = {
  dv: '2.23.140.1.2.1',
  ov: '2.23.140.1.2.2',
  ev: '2.23.140.1.1',
} as const;

export type ValidationLevel = keyof typeof policyOids;

/** The chain vendor test orders are signed with (Sectigo's test=Y): untrusted, and named so. */
export const testOrderCaNames = {
  organization: 'mockca TEST-ORDER CA - NOT TRUSTED',
  root: 'mockca TEST-ORDER Root CA - UNTRUSTED TEST CHAIN',
  intermediate: 'mockca TEST-ORDER Issuing CA - UNTRUSTED TEST CHAIN',
} as const;
