import type { EmulatorContext } from '../../context.js';
import type { Account } from '../../state/model.js';
import type { OperationRouter } from '../operation-router.js';

/**
 * `account` owns the data the request sees (a read-only key reads its parent account's orders);
 * `key` is the account row of the X-DC-DEVKEY itself (rate limits, user/me, permissions).
 */
export type DigicertEnv = { Variables: { account: Account; key: Account; operation: string } };

/** Registers one resource's routes on the DigiCert app. */
export type DigicertRoutes = (app: OperationRouter<DigicertEnv>, ctx: EmulatorContext) => void;

/** Every route lives under this prefix, as on www.digicert.com. */
export const v2 = '/services/v2';
