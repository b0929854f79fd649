import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's slapd, started by a test on a free loopback port with its own config and a seeded directory. */
export const slapdPath = process.env.SLAPD_PATH ?? '/usr/sbin/slapd';
export const haveSlapd = existsSync(slapdPath) && existsSync('/usr/sbin/slapadd');
if (!haveSlapd && process.env.CI) throw new Error(`CI must run the Active Directory tests, but there is no slapd at ${slapdPath}`);
if (!haveSlapd) console.warn(`Active Directory tests not run: no slapd at ${slapdPath} (apt-get install slapd ldap-utils)`);

export const directory = {
  suffix: 'dc=mockca,dc=test',
  bindDn: 'uid={username},ou=people,dc=mockca,dc=test',
  user: 'dir.user',
  password: 'directory-password',
};

const seed = `dn: ${directory.suffix}
objectClass: dcObject
objectClass: organization
o: mockca test directory
dc: mockca

dn: ou=people,${directory.suffix}
objectClass: organizationalUnit
ou: people

dn: uid=${directory.user},ou=people,${directory.suffix}
objectClass: inetOrgPerson
uid: ${directory.user}
cn: Directory User
sn: User
mail: ${directory.user}@mockca.test
userPassword: ${directory.password}
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export interface Slapd {
  url: string;
  stop(): Promise<void>;
}

export async function startSlapd(): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'mockca-slapd-'));
  mkdirSync(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      `suffix "${directory.suffix}"`,
      `rootdn "cn=admin,${directory.suffix}"`,
      'rootpw admin-password',
      `directory ${join(dir, 'db')}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'seed.ldif'), seed);
  const added = spawnSync('/usr/sbin/slapadd', ['-f', conf, '-l', join(dir, 'seed.ldif')], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`slapadd failed: ${added.stderr}`);
  const port = await freePort();
  const child: ChildProcess = spawn(slapdPath, ['-d', '0', '-h', `ldap://127.0.0.1:${port}/`, '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 100 && !(await accepts(port)); i++) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
