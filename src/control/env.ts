import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import type { Vendor } from '../state/model.js';

export type ControlEnv = { Variables: Record<string, never> };
export type ControlApp = Hono<ControlEnv>;

/** What the control API can do beyond the shared context: the server's own lifecycle. */
export interface ControlActions {
  reset(vendor?: Vendor): number;
  version: string;
  startedAt: number;
}

export type ControlRoutes = (app: ControlApp, ctx: EmulatorContext, actions: ControlActions) => void;
