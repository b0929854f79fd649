import { connect } from 'node:tls';
import { x509Lib } from '../../ca/x509-lib.js';

/** id-pe-acmeIdentifier (RFC 8737 §6.1). */
const acmeIdentifierOid = '1.3.6.1.5.5.7.1.31';

export type TlsAlpnResult = { kind: 'ok' } | { kind: 'error'; problem: 'connection' | 'tls' | 'incorrectResponse'; message: string };

/**
 * The tls-alpn-01 check (RFC 8737): a TLS handshake with SNI = the name and ALPN acme-tls/1 to the
 * configured address and port; the self-signed certificate must name exactly that name and carry
 * the critical acmeIdentifier extension with SHA-256 of the key authorization.
 */
export function checkTlsAlpn01(address: string, port: number, name: string, digest: Buffer, timeoutMs: number): Promise<TlsAlpnResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, servername: name, ALPNProtocols: ['acme-tls/1'], rejectUnauthorized: false, timeout: timeoutMs });
    const done = (r: TlsAlpnResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.on('timeout', () => done({ kind: 'error', problem: 'connection', message: `no TLS handshake within ${timeoutMs} ms` }));
    socket.on('error', (e) => done({ kind: 'error', problem: 'connection', message: e.message }));
    socket.on('secureConnect', () => {
      if (socket.alpnProtocol !== 'acme-tls/1') return done({ kind: 'error', problem: 'tls', message: `the server did not negotiate acme-tls/1 (${String(socket.alpnProtocol)})` });
      const peer = socket.getPeerX509Certificate();
      if (!peer) return done({ kind: 'error', problem: 'tls', message: 'the server sent no certificate' });
      const x509 = x509Lib();
      const cert = new x509.X509Certificate(peer.raw);
      const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`) ?? [];
      if (names.length !== 1 || names[0].toLowerCase() !== `dns:${name}`) return done({ kind: 'error', problem: 'incorrectResponse', message: `the certificate must name only ${name} (it names ${names.join(', ') || 'nothing'})` });
      const ext = cert.extensions.find((e) => e.type === acmeIdentifierOid);
      if (!ext?.critical) return done({ kind: 'error', problem: 'incorrectResponse', message: 'the certificate has no critical acmeIdentifier extension' });
      const value = Buffer.from(ext.value);
      const expected = Buffer.concat([Buffer.from([0x04, digest.length]), digest]);
      if (!value.equals(expected)) return done({ kind: 'error', problem: 'incorrectResponse', message: 'the acmeIdentifier is not SHA-256 of the key authorization' });
      done({ kind: 'ok' });
    });
  });
}
