import { readFileSync } from 'node:fs';
import { parseYaml } from './lib/yaml.js';
import * as z from 'zod';
import { configSchema, optionIssues } from './config.js';

type Kind = 'string' | 'number' | 'boolean' | 'list';

interface Flag {
  /** The config-file key: the flag's own name in camelCase (`--scenario` ⇄ `scenario`). */
  key: string;
  flag: string;
  env: string;
  kind: Kind;
  help: string;
  /** Where the value goes in the config object. */
  path: string[];
  /** Older names still accepted: config keys and variables. */
  aliases?: { keys?: string[]; envs?: string[] };
  /** What the value looks like in --help (`N`, `NAME`, `silent|error|info|debug`). */
  placeholder: string;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const camel = (s: string) => s.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());

function unwrapped(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = (s as z.ZodDefault<z.ZodType>).unwrap() as z.ZodType;
  return s;
}

function kindOf(schema: z.ZodType): Kind {
  const s = unwrapped(schema);
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodArray) return 'list';
  return 'string';
}

/** What a string option's value is, where VALUE would say too little. */
const placeholders: Record<string, string> = {
  host: 'ADDRESS',
  dataDir: 'DIR',
  scenarioDir: 'DIR',
  caExport: 'DIR',
  caCert: 'FILE',
  caKey: 'FILE',
  fixtures: 'FILE',
  issuance: 'POLICY',
  controlToken: 'TOKEN',
};

function placeholderOf(key: string, schema: z.ZodType, kind: Kind): string {
  if (placeholders[key]) return placeholders[key];
  const s = unwrapped(schema);
  if (s instanceof z.ZodEnum) return (s.options as string[]).join('|');
  return { string: 'VALUE', number: 'N', boolean: '', list: 'NAME' }[kind];
}

/**
 * Options that are a whole object (`consoleOidc: { issuer, … }`): keys of the config file only, no
 * flag or variable. vendorIssuance is the exception: one flag per vendor.
 */
export const configSections: string[] = Object.entries(configSchema.shape)
  .filter(([key, schema]) => key !== 'vendorIssuance' && unwrapped(schema as z.ZodType) instanceof z.ZodObject)
  .map(([key]) => key);

/** The CLI flags and MOCKCA_* variables, derived from the config schema so they never drift. */
export const flags: Flag[] = Object.entries(configSchema.shape).flatMap(([key, schema]): Flag[] => {
  if (configSections.includes(key)) return [];
  const help = (schema as z.ZodType).description ?? '';
  if (key === 'vendorIssuance') {
    return (['regfish', 'digicert', 'sectigo'] as const).map((vendor) => ({
      key: `${vendor}Issuance`,
      flag: `${vendor}-issuance`,
      env: `MOCKCA_${vendor.toUpperCase()}_ISSUANCE`,
      kind: 'string' as const,
      help: `issuance policy for ${vendor} only (config file: also vendorIssuance.${vendor})`,
      path: ['vendorIssuance', vendor],
      placeholder: 'POLICY',
    }));
  }
  if (key === 'scenarios') {
    return [
      {
        key: 'scenario',
        flag: 'scenario',
        env: 'MOCKCA_SCENARIO',
        kind: 'list',
        help: `${help} (repeatable; variable and config file: comma-separated or a list)`,
        path: [key],
        aliases: { keys: ['scenarios'], envs: ['MOCKCA_SCENARIOS'] },
        placeholder: 'NAME',
      },
    ];
  }
  if (key === 'allowedHosts') {
    return [
      {
        key: 'allowedHost',
        flag: 'allowed-host',
        env: 'MOCKCA_ALLOWED_HOST',
        kind: 'list',
        help: `${help} (repeatable or comma-separated)`,
        path: [key],
        aliases: { keys: ['allowedHosts'], envs: ['MOCKCA_ALLOWED_HOSTS'] },
        placeholder: 'HOST',
      },
    ];
  }
  const kind = kindOf(schema as z.ZodType);
  return [{ key, flag: kebab(key), env: `MOCKCA_${snake(key)}`, kind, help, path: [key], placeholder: placeholderOf(key, schema as z.ZodType, kind) }];
});

/** `where` names the source in the message: `--seed`, `MOCKCA_SEED`. */
function convert(flag: Flag, raw: string, where: string): unknown {
  switch (flag.kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`${where} takes a number, not '${raw}'`);
      return n;
    }
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new Error(`${where} takes true or false, not '${raw}'`);
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

/** Throws when `options` (from one source) has a value the schema refuses; `where` names the source. */
function check(options: Record<string, unknown>, where: (field: string) => string): void {
  const issues = optionIssues(options);
  if (issues.length === 1) throw new Error(`${where(issues[0].field)}: ${issues[0].message}`);
  if (issues.length > 1) throw new Error(`${where('')}:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}`);
}

const byConfigKey = new Map<string, Flag>(flags.flatMap((f) => [f.key, ...(f.aliases?.keys ?? [])].map((k) => [k, f] as const)));
/** Config keys that are not one flag's: a whole section. */
const sectionKeys = new Set(['vendorIssuance', 'console', ...configSections]);

/**
 * Reads a JSON or YAML config file. Its keys are the flags' names (`regfish-port` or `regfishPort`,
 * `scenario`, `allowed-host`, `regfish-issuance`), or the older `scenarios`, `allowedHosts` and
 * `vendorIssuance`. Every error names the file.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let data: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`config file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`config file ${path}: expected an object of options`);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    const key = camel(name);
    const flag = byConfigKey.get(key);
    if (flag) put(out, flag.path, flag.kind === 'list' && typeof value === 'string' ? convert(flag, value, `config file ${path}: ${name}`) : value);
    else if (sectionKeys.has(key)) out[key] = value;
    else throw new Error(`config file ${path}: unknown option '${name}' (the keys are the flags' names, see --help)`);
  }
  check(out, (field) => `config file ${path}${field ? `: ${field}` : ''}`);
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
  /** The value after `--name`: never the next flag. */
  const valueAfter = (i: number, name: string, what: string): string => {
    const next = argv[i];
    if (next === undefined) throw new Error(`--${name} needs ${what}`);
    if (next.startsWith('--')) throw new Error(`--${name} needs ${what}, but the next argument is the flag ${next}`);
    return next;
  };
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
      configPath = value ?? valueAfter(++i, name, 'a file name');
      if (!configPath) throw new Error('--config needs a file name');
      continue;
    }
    const negated = name.startsWith('no-') && flags.find((f) => f.flag === name.slice(3) && f.kind === 'boolean');
    const flag = negated || flags.find((f) => f.flag === name);
    if (!flag) throw new Error(`unknown option --${name} (see --help)`);
    if (flag.kind === 'boolean' && value === undefined) {
      put(fromFlags, flag.path, !negated);
      continue;
    }
    if (negated) throw new Error(`--${name} takes no value`);
    value ??= valueAfter(++i, name, 'a value');
    const converted = convert(flag, value, `--${name}`);
    const single: Record<string, unknown> = {};
    put(single, flag.path, converted);
    check(single, () => `--${name} ${value}`);
    put(fromFlags, flag.path, converted);
  }

  const options: Record<string, unknown> = configPath ? readConfigFile(configPath) : {};
  for (const flag of flags) {
    let replaced = false;
    for (const name of [flag.env, ...(flag.aliases?.envs ?? [])]) {
      const raw = env[name];
      if (raw === undefined || raw === '') continue;
      const converted = convert(flag, raw, name);
      const single: Record<string, unknown> = {};
      put(single, flag.path, converted);
      check(single, () => `${name}=${raw}`);
      // A variable replaces the config file's value (a list too, as a flag does).
      if (flag.kind === 'list' && !replaced) put(options, flag.path, []);
      replaced = true;
      put(options, flag.path, converted);
    }
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

function defaultOf(flag: Flag, defaults: Record<string, unknown>): string | undefined {
  if (flag.path[0] === 'vendorIssuance') return 'as --issuance';
  const value = flag.path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], defaults);
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  return String(value);
}

export function helpText(): string {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const rows = flags.map((f) => {
    const name = f.kind === 'boolean' ? `--${f.flag}, --no-${f.flag}` : `--${f.flag} ${f.placeholder}`;
    const given = defaultOf(f, defaults);
    return [`  ${name}`, `${f.help}${given === undefined ? '' : ` (default: ${given})`} [${f.env}]`];
  });
  const width = Math.min(Math.max(...rows.map(([a]) => a.length)), 36) + 2;
  return [
    'mockca: offline emulator of the Regfish, DigiCert CertCentral and Sectigo reseller APIs',
    '',
    'Usage: mockca [options]',
    '',
    'Options (each also an environment variable, and a key of the --config file: the flag name, e.g. regfish-port or regfishPort):',
    '  --config FILE'.padEnd(width) + 'JSON or YAML file with any of the options below [MOCKCA_CONFIG]',
    ...rows.map(([a, b]) => (a.length + 2 > width ? `${a}\n${' '.repeat(width)}${b}` : a.padEnd(width) + b)),
    '  --help'.padEnd(width) + 'this text',
    '  --version'.padEnd(width) + 'the version',
    ...(configSections.length ? ['', `Config file only (objects, no flag): ${configSections.join(', ')}`] : []),
    '',
  ].join('\n');
}
