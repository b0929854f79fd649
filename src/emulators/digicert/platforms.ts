/**
 * Server platforms: the ids and names DigiCert's product answers list (`server_platforms[]`),
 * the `server_platform` of a certificate, and what a platform download
 * (`GET /certificate/{id}/download/platform/{platform}`) sends.
 */
export interface ServerPlatform {
  id: number;
  name: string;
  install_url: string;
  csr_url: string;
}

const guide = (slug: string) => ({ install_url: `http://www.digicert.com/ssl-certificate-installation-${slug}.htm`, csr_url: `http://www.digicert.com/csr-creation-${slug}.htm` });

/** id -1 is OTHER; the others as a recorded product answer names them (their guide URLs are inferred). */
export const serverPlatforms: readonly ServerPlatform[] = [
  { id: -1, name: 'OTHER', install_url: '', csr_url: '' },
  { id: 2, name: 'Apache', ...guide('apache') },
  { id: 14, name: 'Microsoft IIS 5 or 6', ...guide('microsoft-iis') },
  { id: 40, name: 'Microsoft IIS 7', ...guide('microsoft-iis-7') },
  { id: 45, name: 'nginx', ...guide('nginx') },
  { id: 67, name: 'Microsoft IIS 8', ...guide('microsoft-iis-8') },
  { id: 68, name: 'Microsoft Exchange Server 2013', ...guide('exchange-2013') },
];

export const otherPlatform = serverPlatforms[0];

/** The platform of an id; an unknown id keeps its number and reads as OTHER. */
export function serverPlatform(id: number | undefined): ServerPlatform {
  return serverPlatforms.find((p) => p.id === id) ?? (id === undefined ? otherPlatform : { ...otherPlatform, id });
}

/**
 * Platform downloads by id or name -> download format. Id 29 is the PEM bundle Netflix Lemur
 * downloads and parses as PEM ("ID 29. pem_all"); the others are inferred (digicertInferred).
 */
export const platformFormats: Record<string, string> = {
  '29': 'pem_all',
  '2': 'apache',
  apache: 'apache',
  '45': 'nginx',
  nginx: 'nginx',
  '14': 'p7b',
  '40': 'p7b',
  '67': 'p7b',
  '68': 'p7b',
  iis: 'p7b',
  tomcat: 'p7b',
  '-1': 'default',
  other: 'default',
};
