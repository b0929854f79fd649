import { Hono } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { OperationInfo } from '../operation-router.js';

/** Placeholder until the Sectigo emulator lands: every call answers errorCode -14. */
export function createSectigoApp(_ctx: EmulatorContext): { app: Hono; operations: OperationInfo[] } {
  const app = new Hono();
  app.all('*', (c) => c.text('-14\nThe Sectigo emulator is not implemented yet!\n', 200));
  return { app, operations: [] };
}
