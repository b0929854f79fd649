import { x509 } from '../../src/ca/x509.js';
import type { HttpClient } from '../support/server.js';

/** Writes a CAA record into the emulated DNS through the control API (zone-file form of data). */
export async function addCaa(control: HttpClient, name: string, data: string): Promise<number> {
  const res = await control.post('/api/dns/records', { name, type: 'CAA', data });
  if (res.status !== 201) throw new Error(`CAA record refused: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/** The DNS names of the leaf at the top of a PEM chain, read with @peculiar/x509. */
export function leafNames(pem: string): string[] {
  const first = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
  const cert = new x509.X509Certificate(first);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.items ?? []).filter((n) => n.type === 'dns').map((n) => n.value);
}
