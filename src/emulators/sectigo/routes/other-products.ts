import type { Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { invalid, missing } from '../errors.js';
import type { SectigoEndpointName } from '../endpoints.js';
import { sectigoSchemas } from '../schema-lib.js';

/**
 * Endpoints of products mockca does not sell (mark certificates, client, PAC, S/MIME, code
 * signing). They parse and authenticate like the real ones, so a client wired to them gets
 * Sectigo's answer: the order number (or collection code) names no such order: -4 on it.
 */
interface OtherForm {
  orderNumber?: string;
  certificateID?: string;
  serialNumber?: string;
  collectionCode?: string;
}

const products: Partial<Record<SectigoEndpointName, string>> = {
  CollectMC: 'mark certificate',
  CollectCCC: 'client certificate',
  CollectPAC: 'PAC',
  CollectSMIME: 'S/MIME',
  AutoRevokePAC: 'PAC',
  autoRevokeCS: 'code signing',
};

async function noSuchOrder(call: SectigoCall<OtherForm>): Promise<Reply> {
  const { form, endpoint } = call;
  const kind = products[endpoint] ?? endpoint;
  if (form.collectionCode !== undefined) throw invalid('collectionCode', `no ${kind} order has collection code ${form.collectionCode}`);
  if (!call.account) throw missing('loginName');
  const key = (['orderNumber', 'certificateID', 'serialNumber'] as const).find((k) => form[k] !== undefined);
  if (!key) throw missing('orderNumber');
  throw invalid(key, `${form[key]} is not a ${kind} order of this account (mockca sells TLS certificates only)`);
}

const withCollectionCode = { auth: 'optional' as const };

export const otherProductEndpoints: SectigoEndpoint[] = [
  defineEndpoint({ name: 'AutoRevokePAC', summary: 'Revoke a PAC certificate (no PAC orders here: -4).', form: () => sectigoSchemas().autoRevokePacForm, handle: noSuchOrder }),
  defineEndpoint({ name: 'autoRevokeCS', summary: 'Revoke a code signing certificate (no CS orders here: -4).', form: () => sectigoSchemas().autoRevokeCsForm, handle: noSuchOrder }),
  defineEndpoint({ name: 'CollectMC', summary: 'Collect a mark certificate (no VMC/CMC orders here: -4).', form: () => sectigoSchemas().collectMcForm, handle: noSuchOrder }),
  defineEndpoint({ name: 'CollectCCC', summary: 'Collect a client certificate (no client orders here: -4).', form: () => sectigoSchemas().collectCccForm, ...withCollectionCode, handle: noSuchOrder }),
  defineEndpoint({ name: 'CollectPAC', summary: 'Collect a PAC certificate (no PAC orders here: -4).', form: () => sectigoSchemas().collectPacForm, ...withCollectionCode, handle: noSuchOrder }),
  defineEndpoint({ name: 'CollectSMIME', summary: 'Collect an S/MIME certificate (no S/MIME orders here: -4).', form: () => sectigoSchemas().collectSmimeForm, handle: noSuchOrder }),
];
