import { makeCsr } from '../../support/csr.js';
import type { HttpClient } from '../../support/server.js';

export const demoKey = 'regfish-demo-key';
export const otherKey = 'regfish-other-key';

export interface OrderRequest {
  sku?: string;
  common_name?: string;
  dns_names?: string[];
  dcv_method?: 'dns-cname-token' | 'email';
  org_id?: string;
  renewal_of_certificate_id?: string;
  validity_days?: number;
  csr?: string;
}

/** A valid create-certificate body; override what the test is about. */
export async function orderRequest(overrides: OrderRequest = {}): Promise<Record<string, unknown>> {
  const commonName = overrides.common_name ?? 'shop.example.org';
  return {
    sku: 'RapidSSL',
    common_name: commonName,
    dcv_method: 'dns-cname-token',
    csr: overrides.csr ?? (await makeCsr({ commonName })),
    ...overrides,
  };
}

/** Orders a certificate and polls it until issued (default policy polls:1 needs two reads). */
export async function orderIssued(api: HttpClient, overrides: OrderRequest = {}): Promise<string> {
  const created = await api.post('/tls/certificate', await orderRequest(overrides));
  if (created.status !== 200) throw new Error(`order failed: ${created.text}`);
  const id = created.body.response.id as string;
  for (let i = 0; i < 5; i++) {
    const got = await api.get(`/tls/certificate/${id}`);
    if (got.body.response.status === 'issued') return id;
  }
  throw new Error(`order ${id} was not issued`);
}
