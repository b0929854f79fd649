// @peculiar/x509 needs the Reflect metadata polyfill loaded before it; import x509 through this module only.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
