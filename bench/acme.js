// ACME orders completed per second end to end with npm's acme-client (account, newOrder,
// challenge, finalize, certificate download), beside the DigiCert REST API's order rate on the
// same server: both on the DigiCert port, both issued at once (--issuance immediate), every
// challenge passing (--acme-always-valid), several clients in parallel.
import acme from 'acme-client';

const workers = 8;

/** Runs `work(i)` on `workers` parallel loops for `seconds`; answers completed per second and failures. */
async function closedLoop(seconds, work) {
  let done = 0;
  let failed = 0;
  let firstError;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        try {
          await work(w, i);
          done++;
        } catch (e) {
          failed++;
          firstError ??= String(e?.message ?? e);
        }
      }
    }),
  );
  return { perSecond: Math.round((done / (performance.now() - started)) * 1000 * 10) / 10, done, failed, firstError };
}

/** The ACME and REST order rates on a running mockca (its urls). */
export async function acmeOrders(urls, { seconds, rounds }) {
  const directoryUrl = `${urls.digicert}/v2/acme/directory/`;
  const clients = await Promise.all(
    Array.from({ length: workers }, async () =>
      new acme.Client({
        directoryUrl,
        accountKey: await acme.crypto.createPrivateEcdsaKey(),
        externalAccountBinding: { kid: 'digicert-demo-eab-kid', hmacKey: '7Lgr6HQaCEN6ACu_Js_OFrFgV7-AEt20YogjMSAMTN8' },
        backoffMin: 1,
        backoffMax: 5,
      }),
    ),
  );
  // CSRs made before the clock starts: the figure is the server's, not the client's key generation.
  const csrs = await Promise.all(Array.from({ length: 64 }, async (_, i) => (await acme.crypto.createCsr({ commonName: `acme${i}.bench.example` }, await acme.crypto.createPrivateEcdsaKey()))[1]));
  const pem = (buf) => buf.toString();
  const order = (w, i) =>
    clients[w].auto({
      csr: csrs[(w * 8 + i) % csrs.length],
      termsOfServiceAgreed: true,
      skipChallengeVerification: true,
      challengePriority: ['dns-01'],
      challengeCreateFn: async () => undefined,
      challengeRemoveFn: async () => undefined,
    });
  const probe = await order(0, 0);
  if (!probe.includes('BEGIN CERTIFICATE')) throw new Error('an ACME order did not end with a certificate');
  const restOrder = async (w, i) => {
    const res = await fetch(`${urls.digicert}/services/v2/order/certificate/ssl_dv_geotrust_flex`, {
      method: 'POST',
      headers: { 'x-dc-devkey': 'digicert-demo-key', 'content-type': 'application/json' },
      body: JSON.stringify({ certificate: { common_name: `acme${(w * 8 + i) % csrs.length}.bench.example`, csr: pem(csrs[(w * 8 + i) % csrs.length]), signature_hash: 'sha256' }, validity_years: 1, skip_approval: true, dcv_method: 'dns-txt-token' }),
    });
    if (res.status !== 201) throw new Error(`REST order: ${res.status} ${(await res.text()).slice(0, 200)}`);
    await res.arrayBuffer();
  };
  const out = { workers, acme: { runs: [], failed: 0 }, rest: { runs: [], failed: 0 } };
  for (let r = 0; r < rounds; r++) {
    const a = await closedLoop(seconds, order);
    out.acme.runs.push(a.perSecond);
    out.acme.failed += a.failed;
    out.acme.firstError ??= a.firstError;
    const b = await closedLoop(seconds, restOrder);
    out.rest.runs.push(b.perSecond);
    out.rest.failed += b.failed;
    out.rest.firstError ??= b.firstError;
  }
  return out;
}

/** The benchmark table's line for the ACME part. */
export function acmeFigure(a, add, median, spread) {
  const ratio = median(a.acme.runs) / Math.max(0.1, median(a.rest.runs));
  add(
    'ACME orders end to end with acme-client (DigiCert directory)',
    median(a.acme.runs),
    'orders/s',
    'beside the REST rate',
    a.acme.failed === 0,
    spread(a.acme.runs),
    `DigiCert REST orders created + issued: ${median(a.rest.runs)} orders/s (ACME / REST ${ratio.toFixed(2)}); ${a.workers} clients; failed: ACME ${a.acme.failed}, REST ${a.rest.failed}${a.acme.firstError ? ` (${a.acme.firstError})` : ''}`,
  );
}
