import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { configSchema } from './config.js';

type Kind = 'string' | 'number' | 'boolean' | 'list';

interface Flag {
  key: string;
  flag: string;
  env: string;
  kind: Kind;
  help: string;
  /** Where the value goes in the config object. */
  path: string[];
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

function kindOf(schema: z.ZodType): Kind {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = (s as z.ZodDefault<z.ZodType>).unwrap() as z.ZodType;
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodArray) return 'list';
  return 'string';
}

/** The CLI flags and MOCKCA_* variables, derived from the config schema so they never drift. */
export const flags: Flag[] = Object.entries(configSchema.shape).flatMap(([key, schema]): Flag[] => {
  const help = (schema as z.ZodType).description ?? '';
  if (key === 'vendorIssuance') {
    return (['regfish', 'digicert', 'sectigo'] as const).map((vendor) => ({
      key: `${vendor}Issuance`,
      flag: `${vendor}-issuance`,
      env: `MOCKCA_${vendor.toUpperCase()}_ISSUANCE`,
      kind: 'string' as const,
      help: `issuance policy for ${vendor} only`,
      path: ['vendorIssuance', vendor],
    }));
  }
  if (key === 'scenarios') {
    return [{ key, flag: 'scenario', env: 'MOCKCA_SCENARIOS', kind: 'list', help: `${help} (repeatable; env: comma-separated)`, path: [key] }];
  }
  if (key === 'allowedHosts') {
    return [{ key, flag: 'allowed-host', env: 'MOCKCA_ALLOWED_HOSTS', kind: 'list', help: `${help} (repeatable or comma-separated)`, path: [key] }];
  }
  return [{ key, flag: kebab(key), env: `MOCKCA_${snake(key)}`, kind: kindOf(schema as z.ZodType), help, path: [key] }];
});

function convert(flag: Flag, raw: string): unknown {
  switch (flag.kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag.flag} takes a number, not '${raw}'`);
      return n;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new Error(`--${flag.flag} takes true or false, not '${raw}'`);
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    case 'string':
      return raw;
  }
}

function put(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(node[last]) && Array.isArray(value)) node[last] = [...(node[last] as unknown[]), ...value];
  else node[last] = value;
}

export function readConfigFile(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  const data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`config file ${path}: expected an object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) out[k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

export interface CliRequest {
  help: boolean;
  version: boolean;
  options: Record<string, unknown>;
}

/** defaults < config file < MOCKCA_* environment < command-line flags. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliRequest {
  const fromFlags: Record<string, unknown> = {};
  let configPath = env.MOCKCA_CONFIG;
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      version = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (see --help)`);
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'config') {
      configPath = value ?? argv[++i];
      if (!configPath) throw new Error('--config takes a file name');
      continue;
    }
    const negated = name.startsWith('no-') && flags.find((f) => f.flag === name.slice(3) && f.kind === 'boolean');
    const flag = negated || flags.find((f) => f.flag === name);
    if (!flag) throw new Error(`unknown option --${name} (see --help)`);
    if (flag.kind === 'boolean' && value === undefined) {
      put(fromFlags, flag.path, !negated);
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
    }
    put(fromFlags, flag.path, convert(flag, value));
  }

  const options: Record<string, unknown> = configPath ? readConfigFile(configPath) : {};
  for (const flag of flags) {
    const raw = env[flag.env];
    if (raw !== undefined && raw !== '') put(options, flag.path, convert(flag, raw));
  }
  for (const flag of flags) {
    let value: unknown = fromFlags;
    for (const part of flag.path) value = (value as Record<string, unknown> | undefined)?.[part];
    if (value !== undefined) {
      if (flag.kind === 'list') put(options, flag.path, []);
      put(options, flag.path, value);
    }
  }
  return { help, version, options };
}

export function helpText(): string {
  const rows = flags.map((f) => {
    const arg = f.kind === 'boolean' ? '' : f.kind === 'number' ? ' N' : f.kind === 'list' ? ' NAME' : ' VALUE';
    return [`  --${f.flag}${arg}`, `${f.help} [${f.env}]`];
  });
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return [
    'mockca: offline emulator of the Regfish, DigiCert CertCentral and Sectigo reseller APIs',
    '',
    'Usage: mockca [options]',
    '',
    'Options (each also an environment variable, and a key of the --config file):',
    '  --config FILE'.padEnd(width) + 'JSON or YAML file with any of the options below [MOCKCA_CONFIG]',
    ...rows.map(([a, b]) => a.padEnd(width) + b),
    '  --help'.padEnd(width) + 'this text',
    '  --version'.padEnd(width) + 'the version',
    '',
  ].join('\n');
}
