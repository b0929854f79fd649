import { Hono } from 'hono';
import type { EmulatorContext } from '../../context.js';
import type { OperationInfo } from '../operation-router.js';

/** Placeholder until the DigiCert emulator lands: every call answers a DigiCert-shaped error. */
export function createDigicertApp(_ctx: EmulatorContext): { app: Hono; operations: OperationInfo[] } {
  const app = new Hono();
  app.all('*', (c) =>
    c.body(JSON.stringify({ errors: [{ code: 'not_implemented', message: 'The DigiCert emulator is not implemented yet.' }] }), 501, {
      'content-type': 'application/json',
    }),
  );
  return { app, operations: [] };
}
