// The webhook's settings from flags, each also readable from an MCP_DRIFT_GUARD_* environment variable
// (DESIGN.md "Admission webhook"); invalid values are a UsageError with one clear line.
import { Command, Option } from 'commander';
import { UsageError } from '../../src/errors.js';
import { MISSING_SNAPSHOT_ACTIONS, MODES, type MissingSnapshotAction, type Mode } from './modes.js';

export interface WebhookOptions {
  /** Absent: every address, IPv6 and IPv4 (`::`, dual stack; `0.0.0.0` where the host has no IPv6). */
  host?: string;
  port: number;
  tlsCert: string;
  tlsKey: string;
  metricsPort: number;
  mode: Mode;
  missingSnapshot: MissingSnapshotAction;
  config?: string;
  configmapSnapshots: boolean;
  shutdownGraceMs: number;
  logLevel: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${JSON.stringify(value)} is not a port number`);
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${JSON.stringify(value)} is not a number of seconds`);
  return Math.round(n * 1000);
}

export function webhookCommand(version: string): Command {
  const env = (name: string): string => `MCP_DRIFT_GUARD_${name}`;
  return new Command('mcp-drift-guard-webhook')
    .description('Kubernetes validating admission webhook: keeps rolling updates from shipping breaking MCP changes.')
    .version(version, '-V, --version')
    .addOption(new Option('--host <address>', 'address to listen on (default: every address, IPv6 and IPv4)').env(env('HOST')))
    .addOption(new Option('--port <port>', 'HTTPS port for /validate, /healthz, /readyz').default(8443, '8443').argParser(port).env(env('PORT')))
    .addOption(new Option('--tls-cert <file>', 'serving certificate (PEM), reloaded when it changes').makeOptionMandatory().env(env('TLS_CERT')))
    .addOption(new Option('--tls-key <file>', 'private key (PEM), reloaded when it changes').makeOptionMandatory().env(env('TLS_KEY')))
    .addOption(new Option('--metrics-port <port>', 'plain HTTP port for Prometheus /metrics').default(9090, '9090').argParser(port).env(env('METRICS_PORT')))
    .addOption(new Option('--mode <mode>', 'what a breaking rolling update gets').choices(MODES).default('warn').env(env('MODE')))
    .addOption(
      new Option('--missing-snapshot <action>', 'what an update without a usable snapshot gets').choices(MISSING_SNAPSHOT_ACTIONS).default('warn').env(env('MISSING_SNAPSHOT')),
    )
    .addOption(new Option('--config <file>', 'policy file (.mcp-drift-guard.yml), e.g. mounted from a ConfigMap').env(env('CONFIG')))
    .addOption(
      new Option('--configmap-snapshots', 'serve mcp-drift-guard.io/snapshot-configmap references from an informer cache (needs RBAC)').env(
        env('CONFIGMAP_SNAPSHOTS'),
      ),
    )
    .addOption(new Option('--shutdown-grace <seconds>', 'time to finish in-flight reviews after SIGTERM').default(20_000, '20').argParser(seconds).env(env('SHUTDOWN_GRACE')))
    .addOption(new Option('--log-level <level>', 'pino log level').choices(['debug', 'info', 'warn', 'error']).default('info').env(env('LOG_LEVEL')))
    .exitOverride();
}

export function readOptions(command: Command): WebhookOptions {
  const o = command.opts<Record<string, unknown>>();
  return {
    ...(typeof o.host === 'string' ? { host: o.host } : {}),
    port: o.port as number,
    tlsCert: String(o.tlsCert),
    tlsKey: String(o.tlsKey),
    metricsPort: o.metricsPort as number,
    mode: o.mode as Mode,
    missingSnapshot: o.missingSnapshot as MissingSnapshotAction,
    ...(typeof o.config === 'string' ? { config: o.config } : {}),
    configmapSnapshots: o.configmapSnapshots === true,
    shutdownGraceMs: o.shutdownGrace as number,
    logLevel: String(o.logLevel),
  };
}
