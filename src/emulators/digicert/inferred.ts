/**
 * DigiCert behaviour that no page or client confirmed. Every guess lives here so it is easy to
 * correct; docs/digicert.md lists the same items under "DigiCert: inferred behaviour".
 */
export const digicertInferred = {
  /** A DCV random value stays valid this long (the docs say it expires, not when). */
  randomValueDays: 30,
  /** dns-txt-token: the TXT record may sit at `_dnsauth.<domain>` (checked by the core) or at the domain itself. */
  txtRecordNames: (domain: string) => [`_dnsauth.${domain}`, domain],
  /** dns-cname-token: `<random value>.<domain>` CNAME `dcv.digicert.com`. */
  cnameRecord: (domain: string, token: string) => ({ name: `${token}.${domain}.`, value: 'dcv.digicert.com.' }),
  /** http-token: the file DigiCert would fetch (satisfied through the control API's approve-dcv). */
  httpTokenUrl: (domain: string) => `http://${domain}/.well-known/pki-validation/fileauth.txt`,
  /** The `-dynamic` DCV variants behave like their plain counterparts. */
  dynamicMethodsAreAliases: true,
  /** check-dcv's `dcv_status` (and a domain's `status`) while a DNS record is still missing (the page shows only `valid` / `approved`). */
  dcvStatusPending: 'pending' as const,
  /** Maximum certificate validity by issue date (CA/B Forum SC-081 schedule, one day of margin). */
  maxCertificateDays(now: Date): number {
    if (now >= new Date('2029-03-15T00:00:00Z')) return 46;
    if (now >= new Date('2027-03-15T00:00:00Z')) return 99;
    if (now >= new Date('2026-03-15T00:00:00Z')) return 199;
    return 397;
  },
  /** Longest order (Multi-year plan) in years. */
  maxOrderYears: 6,
  /** Reissues and duplicates are auto-approved requests (no approval step). */
  reissueNeedsApproval: false,
  /** On reissue and duplicate, domains already validated on the order are reused (DigiCert reuses DCV for 397 days). */
  reuseValidatedDomains: true,
  /** Canceling a `needs_approval` order rejects its pending request with the note as processor comment. */
  cancelRejectsPendingRequest: true,
  /** Order list: default `limit` 1000 (recorded: a list without `limit` answers `page.limit` 1000) and the maximum (documented 1000). */
  listLimit: { default: 1000, max: 1000 },
  /** `container.is_active` of the order list entries: false, copied from a recorded list (every entry). */
  listedContainerIsActive: false,
  /** Who may approve or reject requests: any key with write permission on the account. */
  approverRole: 'Administrator',
  /** Role user/me and /user show for a key with read permission only (the Glossary's API key restriction 102 "View Only"). */
  readOnlyRole: 'View Only',
  /** `template_id` of the account's container (a recorded user list shows 5). */
  containerTemplateId: 5,
  /** How long an organization validation lasts (its `validated_until`); the OV/EV period of the day is not modelled. */
  organizationValidationDays: 397,
  /** `last_login_date` of the user of the calling key: the time of the call. */
  lastLoginIsNow: true,
  /** Download: which formats exist and what they contain (see download.ts). Zip bundles name the leaf after the common name. */
  leafFileName: (commonName: string) => `${commonName.replace(/^\*\./, 'star_').replace(/[^A-Za-z0-9_-]+/g, '_')}`,
  /** What an order shows once its only certificate was revoked on its own (the order is not revoked; the page does not name the status). */
  orderStatusAfterCertificateRevoke: 'issued' as const,
  /** `order_name_scope` of the validation status: the base domain of the common name. */
  orderNameScope: (commonName: string) => commonName.replace(/^\*\./, ''),
  /** `delivery_options` of the email-validation status (the client fixture shows `["browser"]`). */
  emailDeliveryOptions: ['browser'],
  /** A validated domain's `validated_until` / `dcv_expiration`: DigiCert reuses a DCV for 397 days. */
  dcvReuseDays: 397,
  /** Which validation types a domain lists: `ev` and `ov` when an OV/EV order named it (as recorded), else `dv`. */
  domainValidationTypes: 'ev+ov for OV/EV orders, dv otherwise',
  /** A missing X-DC-DEVKEY answers like an unknown one (the recorded 403 access_denied|access_denied_invalid_key). */
  missingKeyAnswersAsUnknownKey: true,
  /** IDNs: U-labels are refused as invalid_param naming the A-label; A-labels (xn--) are ordered like any name. */
  unicodeNamesRefused: true,
  /** `caa_status_message` of a pending order: this Glossary wording for every name whose CAA check has not failed. */
  caaStatusMessage: 'CAA check is not called yet',
  /** `caa_status_message` of a name whose CAA records block DigiCert (followed by the reason). */
  caaFailedMessage: 'CAA check failed',
  /**
   * An order, reissue or duplicate that would be issued in its own request but is blocked by CAA is
   * answered 400 `caa_check_failed|<name>` (a documented code) and nothing is stored; one issued
   * later stays pending with the failure in `caa_status_message`.
   */
  caaRefusedInRequest: true,
  /** `is_multi_year_plan` of the order list: "1" when the order outlasts its certificate, else "0". */
  multiYearPlanWhenOrderOutlastsCertificate: true,
  /** List reissues: nothing is billed, so receipt_id and the purchased_* counts are "0" and archived is 0. */
  reissueBillingFields: { receipt_id: '0', purchased_dns_names: '0', purchased_wildcard_names: '0', archived: 0 },
  /** OV/EV orders without contacts show the account's user as organization_contact (technical_contact copies it: documented). */
  organizationContactFromAccountUser: true,
  /** Platform downloads: 29 is documented by Lemur's use; the other id -> format pairs are in platforms.ts. */
  platformDownloadsBeyond29: true,
  /** A read-only key (permissions 'read') reads the orders of the account with the same `accountId` in its profile. */
  readOnlyKeysShareTheAccount: true,
  /** The rate-limit windows (documented) are counted on the virtual clock; rejected requests (429, and an unknown or missing key) do not count. */
  rejectedRequestsCount: false,
} as const;
