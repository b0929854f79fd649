// In process: CSR -> signed leaf per second with the local CA (run as a child of bench/run.js:
// `node bench/parts/issuance.js ec-p256 4000 3`). Every iteration parses a CSR it has never seen
// (made before the clock starts), verifies its signature and signs a leaf; a tampered CSR must
// still be refused and the last leaf must verify against the intermediate. Prints JSON: per
// second of wall time (the figure) and per second of this process's CPU time (steadier on a busy machine).
import { X509Certificate } from 'node:crypto';
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

const runs = [];
const perCpuSecond = [];
let last;
for (let round = 0; round < Number(rounds); round++) {
  const csrs = Array.from({ length: n }, (_, i) => makeEcCsr(`r${round}-host${i}.example.com`).csrPem);
  const notBefore = new Date();
  const notAfter = new Date(Date.now() + 199 * 86_400_000);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const info = await ca.parseCsr(csrs[i]);
    last = await ca.signLeaf({ spki: info.spki, commonName: info.commonName, dnsNames: [info.commonName], notBefore, notAfter, serialHex: (0x10000000 + round * n + i).toString(16), level: 'dv' });
  }
  runs.push(Math.round(n / ((performance.now() - started) / 1000)));
  const used = process.cpuUsage(cpu);
  perCpuSecond.push(Math.round(n / ((used.user + used.system) / 1e6)));
}

let refusesBadSignature = false;
try {
  await ca.parseCsr(tampered(makeEcCsr('tampered.example.com').csrPem));
} catch (e) {
  refusesBadSignature = e?.problem === 'bad_signature';
}
const leafVerifies = new X509Certificate(last.pem).verify(new X509Certificate(ca.intermediatePem).publicKey);
console.log(JSON.stringify({ alg, perRound: n, runs, perCpuSecond, refusesBadSignature, leafVerifies }));
