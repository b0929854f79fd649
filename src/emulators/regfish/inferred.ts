/**
 * Regfish behaviour that no page or client confirmed. Every guess lives here so it is easy to
 * correct; docs/regfish.md lists the same items under "Regfish: inferred behaviour".
 */
export const regfishInferred = {
  /** Console link of a staged order (confirmed shape, from certbro's docs). */
  completionUrl: (id: string) => `https://dash.regfish.com/my/certs/${id}/complete`,
  /** How long after ordering the order can still be cancelled. */
  cancellationWindowDays: 30,
  cancellationMode: 'revoke_issued',
  /** CNAME target of the dns-cname-token method (fixture shape `_token.dcv.digicert.com.`). */
  dcvCnameTarget: (token: string) => `${token}.dcv.digicert.com.`,
  dcvRecordName: (domain: string) => `_dnsauth.${domain}.`,
  /** Default purchased validity by date (certbro follows the CA/B Forum schedule); 199 is the documented maximum. */
  maxValidityDays: 199,
  defaultValidityDays(now: Date): number {
    if (now >= new Date('2029-03-14T00:00:00Z')) return 46;
    if (now >= new Date('2027-03-14T00:00:00Z')) return 99;
    return 199;
  },
  /** A name is a DNS zone of the account when it is a registrable domain (two labels, three under co.uk and the like). */
  zoneRule: 'registrable-domain',
  /**
   * Edit modes of PATCH /tls/organization/{id}: `create_replacement` is documented, `in_place` is
   * the guess for the other one. Both answer the organization under its own id, as the documented
   * example (a create_replacement PATCH of hdl_7K9QW3M2ZT8HJ answering hdl_7K9QW3M2ZT8HJ) does.
   */
  editModes: ['in_place', 'create_replacement'] as const,
  /** Revocation scopes of POST /tls/certificate/{id}/revoke. */
  revocationScopes: ['certificate', 'order'] as const,
  /**
   * GET /tls/certificate is documented without paging; mockca answers at most this many
   * certificates (oldest first), takes `?limit=` and `?offset=` to read further, and says the total
   * in `x-total-count`, so a page costs the same with a hundred thousand certificates.
   */
  certificateListLimit: 1000,
  /** TTL of a DNS record created without one. */
  defaultTtl: 300,
  /**
   * IDNs: names go in their ASCII (punycode, `xn--…`) form; a name with other characters is the
   * operation's 400 (TLS: "Invalid request payload or CSR", DNS: "Invalid request").
   */
  idn: 'punycode-only',
  /**
   * DNS record names: relative ones (`www`, `@`, `*`) are relative to the record's zone when it is
   * updated by id; a new record (POST, PATCH by name) takes its zone from its FQDN, so a relative
   * name there is 400. See emulators/regfish/dns-records.ts.
   */
  dnsRelativeNames: 'zone-of-the-record',
  /** MX/SRV/CAA fields missing from the request are read from `data` in zone-file form; still missing is 400. */
  dnsTypeFields: 'field-or-data',
  /** What DELETE /dns/rr/{rrid} answers: the record as it was. */
  dnsDeleteAnswer: 'deleted-record',
  /** A zone holds only the records the API created (no automatic NS/SOA records with auto: true). */
  dnsZonesStartEmpty: true,
  /**
   * An OV/EV order whose domains are all validated but which is not issued yet reads
   * `order_state: PENDING_APPROVAL` (a state certbro's fixtures show), `status: pending`, without
   * `pending_reason` (none is documented for it).
   */
  pendingApprovalReason: null,
  /** Product `type` is lower case (`dv`, `ov`) as in certbro's catalog fixture; the OV recipe's prose writes "type = OV". */
  productTypeCase: 'lower',
  /** CAA: Regfish's CA is DigiCert, so DigiCert's documented issuer names authorize Regfish orders. */
  caaIdentities: ['digicert.com', 'www.digicert.com', 'symantec.com', 'thawte.com', 'geotrust.com', 'rapidssl.com'],
  /** An order or reissue that CAA blocks in its own request is answered 400 `caaCheckFailed` and nothing is stored. */
  caaRefusedInRequest: true,
  /** One blocked later stays pending: `pending_reason` keeps its documented `validation_pending`, `pending_message` says why. */
  caaPendingMessage: 'CAA records do not allow the CA to issue for this domain; the order is issued once they do.',
} as const;
