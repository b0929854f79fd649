import type { EmulatorContext } from '../../context.js';
import type { Account } from '../../state/model.js';
import type { OperationRouter } from '../operation-router.js';

export type RegfishEnv = { Variables: { account: Account; operation: string } };

/** Registers one resource's routes on the Regfish app. */
export type RegfishRoutes = (app: OperationRouter<RegfishEnv>, ctx: EmulatorContext) => void;
