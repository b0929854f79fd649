import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { startTestServer } from '../support/server.js';

let mock: MockCaHandle;
beforeAll(async () => {
  mock = await startTestServer();
});
afterAll(() => mock.close());

describe('the Node server of each listener (what the in-process benchmark hands requests to)', () => {
  it('is the one listening on that listener URL, with one request listener', () => {
    for (const name of ['control', 'regfish', 'digicert', 'sectigo'] as const) {
      const server = mock.server.httpServers[name];
      expect(server.listening).toBe(true);
      expect(String((server.address() as AddressInfo).port)).toBe(new URL(mock.urls[name]).port);
      expect(server.listeners('request')).toHaveLength(1);
    }
  });

  it('stops listening when mockca closes', async () => {
    const other = await startTestServer();
    const servers = Object.values(other.server.httpServers);
    await other.close();
    for (const server of servers) expect(server.listening).toBe(false);
  });
});
