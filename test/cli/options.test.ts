import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flags, helpText, parseCli } from '../../src/cli-options.js';
import { configSchema, parseConfig } from '../../src/config.js';
import { repoRoot } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'mockca-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function configFile(text: string, ext = 'yaml'): string {
  const path = join(dir, `config-${++files}.${ext}`);
  writeFileSync(path, text);
  return path;
}

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['dist/mockca.cjs', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 10_000 });

const at = (config: Record<string, unknown>, path: string[]): unknown => path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], config);

/** A value each flag accepts, unlike its default, as the config file and the flag would carry it. */
function sample(flag: (typeof flags)[number]): { value: unknown; text: string } {
  const custom: Record<string, unknown> = {
    host: '127.0.0.2',
    issuance: 'manual',
    regfishIssuance: 'dcv',
    digicertIssuance: 'immediate',
    sectigoIssuance: 'polls:3',
    caKeyAlg: 'rsa-2048',
    logLevel: 'debug',
    logFormat: 'json',
    consoleSecondFactor: 'email-otp',
    scenario: ['regfish-500-once'],
    allowedHost: ['ci.example'],
  };
  if (flag.key in custom) {
    const value = custom[flag.key];
    return { value, text: Array.isArray(value) ? value.join(',') : String(value) };
  }
  switch (flag.kind) {
    case 'number':
      return { value: 7, text: '7' };
    case 'boolean': {
      const value = !(at(configSchema.parse({}) as Record<string, unknown>, flag.path) as boolean);
      return { value, text: String(value) };
    }
    case 'list':
      return { value: ['x'], text: 'x' };
    case 'string':
      return { value: `some-${flag.flag}`, text: `some-${flag.flag}` };
  }
}

describe('every option is the same option as a flag, a variable and a config key', () => {
  it("each flag's config key is its own name (kebab or camel), and gives what the flag and the variable give", () => {
    for (const flag of flags) {
      const { value, text } = sample(flag);
      const viaFlag = parseCli([`--${flag.flag}=${text}`], {}).options;
      const viaEnv = parseCli([], { [flag.env]: text }).options;
      const viaKebab = parseCli(['--config', configFile(JSON.stringify({ [flag.flag]: value }), 'json')], {}).options;
      const viaCamel = parseCli(['--config', configFile(JSON.stringify({ [flag.key]: value }), 'json')], {}).options;
      for (const options of [viaFlag, viaEnv, viaKebab, viaCamel]) expect(at(options, flag.path), flag.flag).toEqual(value);
    }
    // The config key of a flag is the flag's name.
    expect(flags.find((f) => f.flag === 'scenario')?.key).toBe('scenario');
    expect(flags.find((f) => f.flag === 'allowed-host')?.key).toBe('allowedHost');
    expect(flags.every((f) => f.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) === f.flag)).toBe(true);
  });

  it('the older keys scenarios, allowedHosts, vendorIssuance and MOCKCA_SCENARIOS / MOCKCA_ALLOWED_HOSTS still work', () => {
    const file = configFile('scenarios: [regfish-500-once]\nallowedHosts: [a.example]\nvendorIssuance:\n  sectigo: manual\nscenario: hang\n');
    expect(parseConfig(parseCli(['--config', file], {}).options)).toMatchObject({
      scenarios: ['regfish-500-once', 'hang'],
      allowedHosts: ['a.example'],
      vendorIssuance: { sectigo: 'manual' },
    });
    expect(parseConfig(parseCli([], { MOCKCA_SCENARIOS: 'a,b', MOCKCA_ALLOWED_HOSTS: 'x.example' }).options)).toMatchObject({ scenarios: ['a', 'b'], allowedHosts: ['x.example'] });
    // A single name in a config file is a list of one.
    expect(parseConfig(parseCli(['--config', configFile('scenario: hang\n')], {}).options).scenarios).toEqual(['hang']);
  });

  it('config file errors name the file (a bad value, an unknown key, unreadable text, a missing file)', () => {
    const badValue = configFile('seed: many\n');
    expect(() => parseCli(['--config', badValue], {})).toThrow(new RegExp(`^config file ${badValue}: seed: .*number`));
    const badPolicy = configFile('regfish-issuance: sometimes\n');
    expect(() => parseCli(['--config', badPolicy], {})).toThrow(new RegExp(`^config file ${badPolicy}: vendorIssuance.regfish: must be`));
    const unknown = configFile('log-colour: red\n');
    expect(() => parseCli(['--config', unknown], {})).toThrow(`config file ${unknown}: unknown option 'log-colour'`);
    const broken = configFile('{ "seed": ', 'json');
    expect(() => parseCli(['--config', broken], {})).toThrow(new RegExp(`^config file ${broken}: `));
    const list = configFile('- seed\n');
    expect(() => parseCli(['--config', list], {})).toThrow(`config file ${list}: expected an object of options`);
    expect(() => parseCli(['--config', join(dir, 'absent.yaml')], {})).toThrow(`config file ${join(dir, 'absent.yaml')}: no such file`);

    const r = run(['--config', badValue]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`config file ${badValue}: seed`);
    expect(r.stderr).not.toContain('    at ');
  });

  it('environment errors name the variable', () => {
    expect(() => parseCli([], { MOCKCA_SEED: 'abc' })).toThrow("MOCKCA_SEED takes a number, not 'abc'");
    expect(() => parseCli([], { MOCKCA_TLS: 'maybe' })).toThrow("MOCKCA_TLS takes true or false, not 'maybe'");
    expect(() => parseCli([], { MOCKCA_ISSUANCE: 'sometimes' })).toThrow(/^MOCKCA_ISSUANCE=sometimes: must be immediate/);
    expect(() => parseCli([], { MOCKCA_LOG_LEVEL: 'loud' })).toThrow(/^MOCKCA_LOG_LEVEL=loud: .*"silent"\|"error"\|"info"\|"debug"/);
    expect(() => parseCli([], { MOCKCA_CONTROL_PORT: '70000' })).toThrow(/^MOCKCA_CONTROL_PORT=70000: /);
    const r = run([], { MOCKCA_DIGICERT_ISSUANCE: 'later' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mockca: MOCKCA_DIGICERT_ISSUANCE=later: must be/);
  });

  it('flag errors name the flag; a flag that needs a value and gets the next flag says so', () => {
    expect(() => parseCli(['--seed', '--tls'], {})).toThrow('--seed needs a value, but the next argument is the flag --tls');
    expect(() => parseCli(['--data-dir', '--quiet'], {})).toThrow('--data-dir needs a value, but the next argument is the flag --quiet');
    expect(() => parseCli(['--config', '--seed', '3'], {})).toThrow('--config needs a file name, but the next argument is the flag --seed');
    expect(() => parseCli(['--scenario'], {})).toThrow('--scenario needs a value');
    expect(() => parseCli(['--config='], {})).toThrow('--config needs a file name');
    expect(() => parseCli(['--log-format', 'xml'], {})).toThrow(/^--log-format xml: /);
    expect(() => parseCli(['--no-tls=yes'], {})).toThrow('--no-tls takes no value');
    // A value that merely starts with one dash is a value.
    expect(parseConfig(parseCli(['--seed', '-5'], {}).options).seed).toBe(-5);
    const r = run(['--issuance', '--tls']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mockca: --issuance needs a value, but the next argument is the flag --tls\n');
  });
});

describe('--help', () => {
  const help = helpText();
  const row = (flag: string) => {
    const lines = help.split('\n');
    const i = lines.findIndex((l) => l.startsWith(`  --${flag} `) || l.startsWith(`  --${flag},`));
    // A long flag's description is on the next line.
    return i < 0 ? '' : /\[MOCKCA_/.test(lines[i]) ? lines[i] : `${lines[i]} ${lines[i + 1]}`;
  };

  it('shows every flag with its variable, its default, and the --no- form of each boolean', () => {
    const defaults = configSchema.parse({}) as Record<string, unknown>;
    for (const flag of flags) {
      const line = row(flag.flag);
      expect(line, flag.flag).toContain(`[${flag.env}]`);
      if (flag.kind === 'boolean') expect(line).toContain(`--${flag.flag}, --no-${flag.flag}`);
      const given = at(defaults, flag.path);
      if (given !== undefined && !(Array.isArray(given) && given.length === 0)) expect(line, flag.flag).toContain(`(default: ${String(given)})`);
    }
    expect(row('log-level')).toContain('(default: info)');
    expect(row('log-format')).toContain('pretty|json');
    expect(row('regfish-issuance')).toContain('(default: as --issuance)');
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(help);
  });

  it('every --no- form it shows works', () => {
    for (const flag of flags.filter((f) => f.kind === 'boolean')) {
      expect(at(parseCli([`--no-${flag.flag}`], {}).options, flag.path)).toBe(false);
      expect(at(parseCli([`--${flag.flag}`], {}).options, flag.path)).toBe(true);
    }
  });
});
