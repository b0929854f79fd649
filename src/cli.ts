import { helpText, parseCli } from './cli-options.js';
import { parseConfig } from './config.js';
import { acmeBannerLine } from './emulators/acme/banner.js';
import { describeBinding, isLoopback } from './http/loopback.js';
import { DataDirLocked } from './state/data-dir-lock.js';
import { magicDomains } from './state/magic-domains.js';
import { runMockCa } from './server.js';
import { version } from './version.js';

async function main(): Promise<void> {
  let request;
  try {
    request = parseCli(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`mockca: ${(e as Error).message}`);
    process.exit(2);
  }
  if (request.help) {
    process.stdout.write(helpText());
    return;
  }
  if (request.version) {
    console.log(version);
    return;
  }
  let config;
  try {
    config = parseConfig(request.options);
  } catch (e) {
    console.error(`mockca: ${(e as Error).message}`);
    process.exit(2);
  }
  const server = await runMockCa(config);
  const { urls } = server;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!config.quiet) console.log(`mockca: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (!isLoopback(server.boundAddress)) {
    const advice = config.controlToken ? 'the control token is required' : 'set --control-token to require a token';
    console.error(
      `mockca: warning: bound to ${server.boundAddress}, not a loopback address: anyone who can reach this machine can use the emulator and its control API (${advice}; name the hosts clients use with --allowed-host)`,
    );
  }
  if (!config.quiet) {
    const accounts = server.ctx.store.accounts();
    const creds = (vendor: string) =>
      accounts
        .filter((a) => a.vendor === vendor)
        .map((a) => (a.apiKey ? a.apiKey : `${a.login} / ${a.password}`))
        .join(', ');
    console.log(
      [
        `mockca ${version}${config.dataDir ? ` (data in ${config.dataDir})` : ' (in memory)'}, seed ${config.seed}, issuance ${config.issuance}`,
        `  ${describeBinding(server.boundAddress)}`,
        `  control API  ${urls.control}/api/health   console: ${urls.control}/   CA root: ${urls.control}/api/ca/root.pem`,
        ...(config.controlToken
          ? ['  control token required (--control-token): Authorization: Bearer <token> or x-mockca-token on /api; the console asks for it, or open /?token=<token>']
          : []),
        `  Regfish      ${urls.regfish}   x-api-key: ${creds('regfish')}`,
        `  DigiCert     ${urls.digicert}/services/v2   X-DC-DEVKEY: ${creds('digicert')}`,
        acmeBannerLine(server.ctx, 'digicert'),
        `  Sectigo      ${urls.sectigo}/products/   loginName / loginPassword: ${creds('sectigo')}`,
        acmeBannerLine(server.ctx, 'sectigo'),
        `  magic domains: ${magicDomains.map((m) => `*.${m.suffix}`).join(' ')}`,
        ...(config.caExport ? [`  CA files in ${config.caExport}: root.pem intermediate.pem chain.pem${config.tls ? ' server.pem' : ''} (trust root.pem instead of -k)`] : []),
        `  request log on stderr: ${config.logLevel}${config.logLevel === 'info' || config.logLevel === 'debug' ? ` (${config.logFormat})` : ''}`,
        `  scenarios: ${server.ctx.scenarios.loaded().map((s) => s.name).join(', ') || 'none loaded'} (available: ${server.ctx.scenarios.library.files().length}, GET ${urls.control}/api/scenarios)`,
        'mockca ready',
      ].join('\n'),
    );
  }
  started(server);
}

/** The launcher's hook: once started, it may write V8's code cache (see scripts/bundle.js). */
function started(server: { close(): Promise<void> }): void {
  (globalThis as { __mockcaStarted?: () => void }).__mockcaStarted?.();
  if (process.env.MOCKCA_WARMUP) void server.close().then(() => process.exit(0));
}

main().catch((e: Error) => {
  console.error(`mockca: ${e.message}`);
  // A data directory in use is a usage error, like a bad flag.
  process.exit(e instanceof DataDirLocked ? 2 : 1);
});
