// In process: CSR -> signed leaf per second with the local CA (run as a child of bench/run.js:
// `node bench/parts/issuance.js ec-p256 4000 3`). Every leaf comes from a CSR never seen before
// (made before the clock starts): parsed, its signature verified, then signed. Measured two ways
// in each round: 64 leaves in flight, as a server under load asks (the CSR checks and signatures
// shared by the crypto threads and this one: the figure), and one at a time. A tampered CSR must
// still be refused and the last leaf must verify against the intermediate. Prints JSON: per second
// of wall time and per second of this process's CPU time (all threads; steadier on a busy machine).
import { X509Certificate } from 'node:crypto';
import { cryptoThreadsReady } from '../../dist/ca/crypto-threads.js';
import { LocalCa } from '../../dist/ca/local-ca.js';
import { makeEcCsr } from '../../dist/ca/make-csr.js';

const [alg = 'ec-p256', count = '4000', rounds = '3'] = process.argv.slice(2);
const n = Number(count);
const ca = await LocalCa.create({ keyAlgorithm: alg });

function tampered(pem) {
  const body = pem.replace(/-----[^-]+-----|\s/g, '');
  const der = Buffer.from(body, 'base64');
  der[der.length - 5] ^= 0x01; // inside the signature
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
}

const threadsOnline = await cryptoThreadsReady();
const inFlight = 64;

/** Leaves per second of wall time and of CPU time, for `csrs` issued with `lanes` in flight. */
async function measure(csrs, lanes, serialBase) {
  const notBefore = new Date();
  const notAfter = new Date(Date.now() + 199 * 86_400_000);
  let next = 0;
  let last;
  const lane = async () => {
    while (next < csrs.length) {
      const i = next++;
      const info = await ca.parseCsr(csrs[i]);
      last = await ca.signLeaf({ spki: info.spki, commonName: info.commonName, dnsNames: [info.commonName], notBefore, notAfter, serialHex: (serialBase + i).toString(16), level: 'dv' });
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: lanes }, lane));
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: Math.round(csrs.length / wall), perCpuSecond: Math.round(csrs.length / ((used.user + used.system) / 1e6)), last };
}

const runs = [];
const perCpuSecond = [];
const oneAtATime = [];
let last;
for (let round = 0; round < Number(rounds); round++) {
  const csrs = Array.from({ length: n }, (_, i) => makeEcCsr(`r${round}-host${i}.example.com`).csrPem);
  const many = await measure(csrs, inFlight, 0x10000000 + round * n);
  runs.push(many.perSecond);
  perCpuSecond.push(many.perCpuSecond);
  last = many.last;
  const single = Array.from({ length: Math.round(n / 4) }, (_, i) => makeEcCsr(`r${round}-single${i}.example.com`).csrPem);
  oneAtATime.push((await measure(single, 1, 0x20000000 + round * n)).perSecond);
}

let refusesBadSignature = false;
try {
  await ca.parseCsr(tampered(makeEcCsr('tampered.example.com').csrPem));
} catch (e) {
  refusesBadSignature = e?.problem === 'bad_signature';
}
const leafVerifies = new X509Certificate(last.pem).verify(new X509Certificate(ca.intermediatePem).publicKey);
console.log(JSON.stringify({ alg, perRound: n, inFlight, threadsOnline, runs, perCpuSecond, oneAtATime, refusesBadSignature, leafVerifies }));
