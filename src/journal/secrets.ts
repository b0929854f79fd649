import type { Vendor } from '../state/model.js';
import type { JournalEntry } from './journal.js';

/** Request headers that carry a credential (Regfish, DigiCert; ACME and proxies use authorization). */
const secretHeaders = new Set(['x-api-key', 'x-dc-devkey', 'authorization', 'proxy-authorization']);
/** Form and query fields that carry a credential (Sectigo). */
const secretFields = new Set(['loginpassword']);

/** A masked secret: `****` and, for long keys, their last four characters, so one key can still be told from another. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `****${value.slice(-4)}` : '****';
}

/** The account as the journal names it: an API key is masked, a Sectigo login name is not a secret. */
export function maskAccount(vendor: Vendor, account: string | null): string | null {
  return account === null || vendor === 'sectigo' ? account : maskSecret(account);
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/** `a=1&loginPassword=secret` → `a=1&loginPassword=****` (the field name matched decoded and in any case). */
export function maskFormSecrets(text: string): string {
  if (!/login/i.test(text)) return text;
  return text
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq >= 0 && secretFields.has(decodedName(part.slice(0, eq))) ? `${part.slice(0, eq)}=****` : part;
    })
    .join('&');
}

/** The entry with every credential masked: secret headers, `loginPassword` in the query or a form body, and an API key as the account. */
export function withoutSecrets(e: JournalEntry): JournalEntry {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(e.request.headers)) headers[name] = secretHeaders.has(name) ? maskSecret(value) : value;
  // Sectigo reads a form whatever the content type says.
  const form = e.vendor === 'sectigo' || (e.request.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
  return {
    ...e,
    account: maskAccount(e.vendor, e.account),
    query: maskFormSecrets(e.query),
    request: { ...e.request, headers, body: form && e.request.body !== null ? maskFormSecrets(e.request.body) : e.request.body },
  };
}
