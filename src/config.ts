import * as z from 'zod';
import { policyPattern, policySyntax } from './state/policy.js';

const port = z.number().int().min(0).max(65535);

/** Request log levels, least first. */
export const logLevels = ['silent', 'error', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];
const policy = z.string().regex(policyPattern, `must be ${policySyntax}`);

/** Second factors on console reissues (the CA-portal documents list every one but off). */
export const secondFactors = ['off', 'email-otp', 'sms-otp', 'email-and-sms', 'oidc', 'azure-ad', 'saml', 'active-directory'] as const;
export type SecondFactor = (typeof secondFactors)[number];
const oidcOptions = z
  .object({
    issuer: z.string().min(1).optional().describe('issuer URL (discovery at /.well-known/openid-configuration); default: the built-in provider'),
    clientId: z.string().min(1).default('mockca-console'),
    clientSecret: z.string().min(1).default('mockca-console-secret'),
  })
  .strict();

/**
 * Every option of mockca, with its default. The CLI flags, the MOCKCA_* environment variables,
 * the config file and startMockCa() all go through this one schema.
 */
export const configSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('address every listener binds'),
    controlPort: port.default(8440).describe('control API and console port (0 = any free port)'),
    regfishPort: port.default(8441).describe('Regfish TLS API port'),
    digicertPort: port.default(8442).describe('DigiCert CertCentral API port'),
    sectigoPort: port.default(8443).describe('Sectigo reseller API port'),
    dataDir: z.string().optional().describe('persist the CA and the SQLite store here (default: all in memory)'),
    seed: z.number().int().default(1).describe('seed of every random id, token, serial and probability'),
    issuance: policy.default('polls:1').describe(`when orders are issued: ${policySyntax}`),
    vendorIssuance: z
      .object({ regfish: policy.optional(), digicert: policy.optional(), sectigo: policy.optional() })
      .strict()
      .default({})
      .describe('per-vendor issuance policy overrides'),
    caKeyAlg: z.enum(['ec-p256', 'rsa-2048', 'rsa-4096']).default('ec-p256').describe('key algorithm of a generated CA'),
    caCert: z.string().optional().describe('PEM file of a CA certificate to use as the root'),
    caKey: z.string().optional().describe('PEM (PKCS#8) file of the key of --ca-cert'),
    tls: z.boolean().default(false).describe('serve every listener over HTTPS with a certificate from the emulator CA'),
    fixtures: z.string().optional().describe('fixtures file (default: the bundled fixtures/default.json)'),
    maxBodyBytes: z.number().int().positive().default(1024 * 1024).describe('largest request body accepted'),
    digicertRateLimit: z.boolean().default(true).describe('enforce the DigiCert rate limits (1000 per 3 min, 100 per 5 s per key)'),
    sectigoRateLimit: z.number().int().min(0).default(0).describe('Sectigo calls per minute per login before -42 (0 = off)'),
    sectigoRequireHttps: z.boolean().default(false).describe('answer Sectigo calls over plain HTTP with -1'),
    scenarios: z.array(z.string()).default([]).describe('named scenario files to load at start'),
    scenarioDir: z.string().optional().describe('folder of scenario files (default: the bundled scenarios/)'),
    journalSize: z.number().int().min(0).default(5000).describe('how many requests the journal keeps'),
    journalBytes: z
      .number()
      .int()
      .min(0)
      .default(32 * 1024 * 1024)
      .describe('the most bytes the journal holds; the oldest entries go first (bodies are clipped at 64 KiB)'),
    quiet: z.boolean().default(false).describe('print no banner at start'),
    logLevel: z
      .enum(logLevels)
      .default('info')
      .describe("request log on stderr: silent, error (mockca's own failures only), info (one line per request), debug (and its bodies, secrets masked)"),
    logFormat: z.enum(['pretty', 'json']).default('pretty').describe('request log lines as text (pretty) or one JSON object per line (json)'),
    caExport: z
      .string()
      .optional()
      .describe('at start, write the CA root, intermediate and chain (and with --tls the server certificate) as PEM files into this folder'),
    consoleSecondFactor: z
      .enum(secondFactors)
      .default('off')
      .describe(
        'second factor on console reissues: off, email-otp, sms-otp, email-and-sms (codes sent to the outbox), oidc, azure-ad, saml (a login at an identity provider), active-directory (LDAP bind); config file: console.secondFactor',
      ),
    consoleOidc: oidcOptions.default({ clientId: 'mockca-console', clientSecret: 'mockca-console-secret' }).describe('oidc second factor: the OpenID provider (default: the built-in one); config file: console.oidc'),
    consoleAzureAd: oidcOptions
      .extend({ tenant: z.string().min(1).default('mockca-tenant').describe('the directory (tenant) id the id_token tid must name') })
      .default({ clientId: 'mockca-console', clientSecret: 'mockca-console-secret', tenant: 'mockca-tenant' })
      .describe('azure-ad second factor: the Azure AD v2.0 endpoint (default: the built-in one); config file: console.azureAd'),
    consoleSaml: z
      .object({
        idpMetadata: z.string().optional().describe('SAML IdP metadata XML file (default: the built-in IdP)'),
        spPrivateKey: z.string().optional().describe('PEM file of the key the SP signs its AuthnRequests with (default: one made at start)'),
      })
      .strict()
      .default({})
      .describe('saml second factor; config file: console.saml'),
    consoleLdap: z
      .object({
        url: z.string().min(1).optional().describe('the directory server, e.g. ldap://dc.example.com:389'),
        bindDn: z.string().default('{username}').describe('the bind name, {username} replaced by what was typed (e.g. uid={username},ou=people,dc=example,dc=com, or {username}@example.com)'),
        timeoutMs: z.number().int().min(1).max(60_000).default(5000).describe('connect and bind timeout'),
      })
      .strict()
      .default({ bindDn: '{username}', timeoutMs: 5000 })
      .describe('active-directory second factor: an LDAP simple bind; config file: console.ldap'),
    allowedHosts: z
      .array(z.string().min(1))
      .default([])
      .describe('Host names answered besides localhost, IP addresses, --host and the vendor names (.example.com = it and its subdomains, * = any)'),
    acmeAlwaysValid: z.boolean().default(false).describe('ACME: every challenge passes without being checked (like Pebble\'s PEBBLE_VA_ALWAYS_VALID)'),
    acmeHttpAddress: z.string().min(1).default('127.0.0.1').describe('ACME http-01: the address challenge tokens are fetched from (Host: the domain)'),
    acmeHttpPort: port.default(5002).describe('ACME http-01: the port challenge tokens are fetched from (like Pebble\'s httpPort)'),
    acmeTlsPort: port.default(5001).describe('ACME tls-alpn-01: the port of the handshake, at --acme-http-address (like Pebble\'s tlsPort)'),
    controlToken: z
      .string()
      .min(1)
      .optional()
      .describe('require this token on the control API (Authorization: Bearer, or x-mockca-token) and the console (login form, or ?token=)'),
  })
  .strict();

export type MockCaOptions = z.input<typeof configSchema>;
export type MockCaConfig = z.output<typeof configSchema>;

// Options are checked a few times per start (once per flag, then as a whole): zod's compiled fast
// path for an object costs more to build (about 2 ms per schema) than a few parses save.
const parseOnce = { jitless: true } as const;
let partialSchema: ReturnType<typeof configSchema.partial> | undefined;

/**
 * What is wrong with some of the options (one source: a config file, a variable, a flag), as
 * `field: message` lines; empty when nothing is. Unknown keys are wrong; missing ones are not.
 */
export function optionIssues(input: unknown): { field: string; message: string }[] {
  const result = (partialSchema ??= configSchema.partial()).safeParse(consoleSection(input ?? {}), parseOnce);
  if (result.success) return [];
  return result.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? { field: i.path.join('.') || '(options)', message: `unknown option ${i.keys.map((k) => `'${k}'`).join(', ')}` }
      : { field: i.path.join('.') || '(options)', message: i.message },
  );
}

export function parseConfig(input: unknown): MockCaConfig {
  const result = configSchema.safeParse(consoleSection(input ?? {}), parseOnce);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new Error(`invalid mockca options:\n${lines.join('\n')}`);
  }
  if (Boolean(result.data.caCert) !== Boolean(result.data.caKey)) {
    throw new Error('invalid mockca options:\n  caCert and caKey go together');
  }
  return result.data;
}

/** The config file may say `console: { secondFactor: email-otp }`; that is `consoleSecondFactor`. */
function consoleSection(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || !('console' in input)) return input;
  const { console: section, ...rest } = input as Record<string, unknown>;
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return input;
  const s = section as Record<string, unknown>;
  const secondFactor = s.secondFactor ?? s['second-factor'] ?? s.second_factor;
  const out: Record<string, unknown> = secondFactor === undefined || 'consoleSecondFactor' in rest ? rest : { ...rest, consoleSecondFactor: secondFactor };
  // console.oidc / azureAd / saml / ldap are consoleOidc / consoleAzureAd / consoleSaml / consoleLdap.
  for (const [key, option] of [['oidc', 'consoleOidc'], ['azureAd', 'consoleAzureAd'], ['saml', 'consoleSaml'], ['ldap', 'consoleLdap']] as const) {
    if (s[key] !== undefined && !(option in rest)) out[option] = s[key];
  }
  return out;
}
