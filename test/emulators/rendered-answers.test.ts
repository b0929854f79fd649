import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockCaHandle } from '../../src/index.js';
import { everyMillisecond, everySecond, RenderedAnswers, renderedJson } from '../../src/emulators/rendered-answers.js';
import { presentOrder } from '../../src/emulators/digicert/presenters.js';
import { regfishInferred } from '../../src/emulators/regfish/inferred.js';
import { presentCertificate } from '../../src/emulators/regfish/presenters.js';
import { httpClient, startTestServer } from '../support/server.js';
import { demoKey as regfishKey, orderIssued as regfishIssued, otherKey as regfishOther } from './regfish/support.js';
import { demoKey as digicertKey, orderIssued as digicertIssued, v2 } from './digicert/support.js';
import { orderIssued as sectigoIssued, sectigoClient } from './sectigo/support.js';

describe('RenderedAnswers: kept for one store generation and one value of the time key', () => {
  const fake = (capacity = 2) => {
    const state = { generation: 0, now: 1_000 };
    const ctx = { store: { get generation() { return state.generation; } }, clock: { nowMs: () => state.now } };
    return { state, answers: new RenderedAnswers(ctx as never, capacity) };
  };
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it('renders once per key while nothing changes', () => {
    const { answers } = fake();
    const render = vi.fn(() => '{"a":1}');
    const first = renderedJson(answers, 'k', everyMillisecond, render);
    const second = renderedJson(answers, 'k', everyMillisecond, render);
    expect(render).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(text(first)).toBe('{"a":1}');
  });

  it('renders again after a write, after a tick of the clock, and for another key', () => {
    const { state, answers } = fake();
    const render = vi.fn(() => `{"at":${state.now},"g":${state.generation}}`);
    renderedJson(answers, 'k', everyMillisecond, render);
    state.generation++;
    expect(text(renderedJson(answers, 'k', everyMillisecond, render))).toBe('{"at":1000,"g":1}');
    state.now++;
    expect(text(renderedJson(answers, 'k', everyMillisecond, render))).toBe('{"at":1001,"g":1}');
    renderedJson(answers, 'other', everyMillisecond, render);
    expect(render).toHaveBeenCalledTimes(4);
  });

  it('a coarser time key: one render per second, a new one when the second changes', () => {
    const { state, answers } = fake();
    const bySecond = (now: number) => Math.floor(now / 1000);
    const render = vi.fn(() => `{"second":${bySecond(state.now)}}`);
    for (const now of [1_000, 1_001, 1_999]) {
      state.now = now;
      expect(text(renderedJson(answers, 'k', bySecond, render))).toBe('{"second":1}');
    }
    state.now = 2_000;
    expect(text(renderedJson(answers, 'k', bySecond, render))).toBe('{"second":2}');
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('does not keep what was rendered across a write or a tick (the render itself wrote or took a millisecond)', () => {
    const { state, answers } = fake();
    const writes = vi.fn(() => {
      state.generation++;
      return '{}';
    });
    renderedJson(answers, 'k', everyMillisecond, writes);
    renderedJson(answers, 'k', everyMillisecond, writes);
    expect(writes).toHaveBeenCalledTimes(2);
    const slow = vi.fn(() => {
      state.now++;
      return '{}';
    });
    renderedJson(answers, 's', everyMillisecond, slow);
    renderedJson(answers, 's', everyMillisecond, slow);
    expect(slow).toHaveBeenCalledTimes(2);
  });

  it('an answer kept until a moment is rendered again from that moment, whatever its time key', () => {
    const { state, answers } = fake();
    const render = vi.fn(() => '{}');
    const found = answers.get('k', everySecond);
    expect('hit' in found).toBe(false);
    answers.keep('k', new TextEncoder().encode('{}'), found as never, everySecond, 1_500);
    state.now = 1_499;
    expect('hit' in answers.get('k', everySecond)).toBe(true);
    state.now = 1_500;
    renderedJson(answers, 'k', everySecond, render);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('keeps at most its capacity of answers: the oldest kept goes first', () => {
    const { answers } = fake(2);
    const render = vi.fn(() => '{}');
    for (const key of ['a', 'b', 'c']) renderedJson(answers, key, everyMillisecond, render);
    renderedJson(answers, 'c', everyMillisecond, render);
    renderedJson(answers, 'b', everyMillisecond, render);
    expect(render).toHaveBeenCalledTimes(3);
    renderedJson(answers, 'a', everyMillisecond, render);
    expect(render).toHaveBeenCalledTimes(4);
  });
});

describe('rendered reads over HTTP, with the emulator clock standing still', () => {
  let mock: MockCaHandle;
  beforeAll(async () => {
    mock = await startTestServer({ digicertRateLimit: false });
  });
  afterAll(() => mock.close());
  beforeEach(async () => {
    await mock.reset();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  /** Every read from here on happens in the same millisecond of the emulator's clock. */
  const freezeClock = () => {
    const at = mock.server.ctx.clock.nowMs();
    return vi.spyOn(mock.server.ctx.clock, 'nowMs').mockReturnValue(at);
  };
  const day = 86_400_000;

  it('Regfish: at every moment around a second and the end of the cancellation window, the read is what the presenter gives then', async () => {
    const api = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey });
    const id = await regfishIssued(api);
    const clock = freezeClock();
    const order = mock.server.ctx.store.orderByVendorId('regfish', id)!;
    const second = Math.ceil(mock.server.ctx.clock.nowMs() / 1000) * 1000 + 5_000;
    const closes = order.createdAt + regfishInferred.cancellationWindowDays * day;
    const seconds = new Set<string>();
    const cancellable = new Set<boolean>();
    for (const at of [second, second + 1, second + 999, second + 1_000, closes - 1, closes, closes + 1, closes + 2]) {
      clock.mockReturnValue(at);
      const read = await api.get(`/tls/certificate/${id}`);
      expect(read.body.response, `at ${new Date(at).toISOString()}`).toEqual(JSON.parse(JSON.stringify(presentCertificate(mock.server.ctx.core, mock.server.ctx.store.order(order.id)!))));
      seconds.add(read.body.response.last_status_check);
      cancellable.add(read.body.response.order_cancellable);
    }
    // The moments straddle changes of both: two seconds before the window closes, one or two around it.
    expect(seconds.size).toBeGreaterThanOrEqual(3);
    expect([...cancellable]).toEqual([true, false]);
  });

  it('DigiCert: at every moment around a change of days_remaining, the read is what the presenter gives then', async () => {
    const api = httpClient(`${mock.urls.digicert}${v2}`, { 'X-DC-DEVKEY': digicertKey });
    const { id } = await digicertIssued(api);
    const clock = freezeClock();
    const order = mock.server.ctx.store.orderByVendorId('digicert', String(id))!;
    const notAfter = mock.server.ctx.core.latestIssued(order)!.notAfter!;
    const days = new Set<number>();
    for (const at of [notAfter - 3 * day - 1, notAfter - 3 * day, notAfter - 3 * day + 1, notAfter - 2 * day - 1, notAfter - 2 * day]) {
      clock.mockReturnValue(at);
      const read = await api.get(`/order/certificate/${id}`);
      expect(read.body, `at ${new Date(at).toISOString()}`).toEqual(JSON.parse(JSON.stringify(presentOrder(mock.server.ctx, mock.server.ctx.store.order(order.id)!))));
      days.add(read.body.certificate.days_remaining);
    }
    expect([...days]).toEqual([4, 3, 2]);
  });

  it('Regfish: a revoke shows in the very next read, and another key still gets 404', async () => {
    const api = httpClient(mock.urls.regfish, { 'x-api-key': regfishKey, 'content-type': 'application/json' });
    const id = await regfishIssued(api);
    freezeClock();
    const first = await api.get(`/tls/certificate/${id}`);
    const again = await api.get(`/tls/certificate/${id}`);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(first.body.response.status).toBe('issued');

    const other = await httpClient(mock.urls.regfish, { 'x-api-key': regfishOther }).get(`/tls/certificate/${id}`);
    expect(other.status).toBe(404);

    expect((await api.post(`/tls/certificate/${id}/revoke`, { scope: 'order', reason: 'key compromise' })).status).toBe(200);
    const after = await api.get(`/tls/certificate/${id}`);
    expect(after.body.response).toMatchObject({ status: 'order_revoked', revocation_scope: 'order' });
  });

  it('DigiCert: a revoke request shows in the very next order read; include_caa_status is its own answer', async () => {
    const api = httpClient(`${mock.urls.digicert}${v2}`, { 'X-DC-DEVKEY': digicertKey, 'content-type': 'application/json' });
    const { id } = await digicertIssued(api);
    freezeClock();
    const first = await api.get(`/order/certificate/${id}`);
    expect((await api.get(`/order/certificate/${id}`)).text).toBe(first.text);
    expect(first.body.requests.some((r: { type?: string }) => r.type === 'revoke')).toBe(false);
    expect((await api.get(`/order/certificate/${id}?include_caa_status=true`)).status).toBe(200);

    expect((await api.put(`/order/certificate/${id}/revoke`, { comments: 'key lost', revocation_reason: 'keyCompromise' })).status).toBe(201);
    const after = await api.get(`/order/certificate/${id}`);
    expect(after.text).not.toBe(first.text);
    expect(after.body.requests.length).toBe(first.body.requests.length + 1);
  });

  it('Sectigo CollectSSL: the login and the rate limit are checked on every call, and a revoke shows at once', async () => {
    mock.server.ctx.config.sectigoRateLimit = 0;
    const api = sectigoClient(mock.urls.sectigo);
    const { orderNumber } = await sectigoIssued(api);
    freezeClock();
    const form = { orderNumber, queryType: '1', responseFormat: '1' };
    const first = await api.call('CollectSSL', form);
    expect(first.fields.errorCode).toBe('2');
    expect((await api.call('CollectSSL', form)).text).toBe(first.text);

    const wrong = sectigoClient(mock.urls.sectigo, { loginName: 'sectigo-demo', loginPassword: 'not-the-password' });
    expect((await wrong.call('CollectSSL', form)).fields.errorCode).toBe('-16');

    mock.server.ctx.config.sectigoRateLimit = 3;
    try {
      // Calls are counted from here on: three are answered from the kept reply, the fourth is over the limit.
      for (let i = 0; i < 3; i++) expect((await api.call('CollectSSL', form)).text).toBe(first.text);
      expect((await api.call('CollectSSL', form)).fields.errorCode).toBe('-42');
    } finally {
      mock.server.ctx.config.sectigoRateLimit = 0;
    }

    const revoked = await api.call('autoRevokeCertificate', { orderNumber, responseFormat: '1' });
    expect(revoked.fields.errorCode).toBe('0');
    expect((await api.call('CollectSSL', form)).fields.errorCode).toBe('-21');
  });

  it('Sectigo CollectSSL: read again and again up to its certificate\'s end, the reply turns Expired at the end', async () => {
    mock.server.ctx.config.sectigoRateLimit = 0;
    const api = sectigoClient(mock.urls.sectigo);
    const { orderNumber } = await sectigoIssued(api);
    const clock = freezeClock();
    const order = mock.server.ctx.store.orderByVendorId('sectigo', orderNumber)!;
    const notAfter = mock.server.ctx.core.latestIssued(order)!.notAfter!;
    const form = { orderNumber, queryType: '0', responseFormat: '1', showStatusDetails: 'Y' };
    const words: string[] = [];
    for (const at of [notAfter - 1_001, notAfter - 1_000, notAfter - 1, notAfter - 1, notAfter, notAfter + 1]) {
      clock.mockReturnValue(at);
      words.push((await api.call('CollectSSL', form)).fields.certificateStatus as string);
    }
    expect(words).toEqual(['Issued', 'Issued', 'Issued', 'Issued', 'Expired', 'Expired']);
  });
});
