import type * as z from 'zod';
import type { Field, Reply } from '../codec.js';
import { defineEndpoint, type SectigoCall, type SectigoEndpoint } from '../dispatch.js';
import { sectigoInferred } from '../inferred.js';
import { money } from '../products.js';
import type * as SchemaTypes from '../schemas.js';
import { sectigoSchemas } from '../schema-lib.js';

/**
 * The account's credit: a prepaid account (`profile.credit`) has that much available and no
 * credit line; an unlimited one has nothing prepaid and a credit line (inferred, see inferred.ts).
 */
async function accountBalance(call: SectigoCall<z.infer<typeof SchemaTypes.getAccountBalanceForm>>): Promise<Reply> {
  const account = call.account!;
  const prepaid = typeof account.profile.credit === 'number' ? account.profile.credit : undefined;
  const names = sectigoInferred.balanceFields;
  const accountId = typeof account.profile.accountId === 'number' || typeof account.profile.accountId === 'string' ? String(account.profile.accountId) : String(account.id);
  const fields: Field[] = [
    [names.accountID, accountId],
    [names.currency, sectigoInferred.balanceCurrency],
    [names.availableCredit, money(prepaid ?? 0)],
    [names.hardCreditLimit, money(prepaid === undefined ? sectigoInferred.unlimitedCreditLimit : 0)],
  ];
  return { code: 0, fields, lines: fields.map(([, v]) => String(v)) };
}

export const accountEndpoints: SectigoEndpoint[] = [
  defineEndpoint({ name: 'getAccountBalance', summary: 'The account ID, currency, available credit and hard credit limit of the account.', form: () => sectigoSchemas().getAccountBalanceForm, handle: accountBalance }),
];
