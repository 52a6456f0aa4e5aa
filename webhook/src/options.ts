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
  limits: ServerLimits;
}

/** What one review and one connection may take (README "Hardening": the webhook's limits). */
export interface ServerLimits {
  /** Worker threads that compare snapshots; one review at a time each. */
  reviewWorkers: number;
  /** From a review's arrival at the workers to its answer; over it the review is judged as undecidable. */
  reviewDeadlineMs: number;
  /** Heap of each review worker; a comparison that needs more is judged as undecidable. */
  reviewHeapMiB: number;
  /** Open connections at most; connections over it are closed at once. */
  maxConnections: number;
  /** The request head must arrive within this. */
  headersTimeoutMs: number;
  /** A connection with no traffic (silent after its handshake, or idle between requests) is closed after this. */
  idleTimeoutMs: number;
}

/**
 * A flag's parser: the value as a number (times `unit`, rounded) when `valid` accepts it, else a UsageError saying
 * what it should have been.
 */
function numberFlag(what: string, valid: (n: number) => boolean, unit = 1): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!valid(n)) throw new UsageError(`${JSON.stringify(value)} is not ${what}`);
    return Math.round(n * unit);
  };
}

const port = numberFlag('a port number', (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
const count = numberFlag('a whole number of at least 1', (n) => Number.isInteger(n) && n >= 1);
/** Seconds, as milliseconds. */
const seconds = numberFlag('a number of seconds', (n) => Number.isFinite(n) && n >= 0, 1000);
/** Seconds that must be more than zero, to the millisecond (a zero timeout would mean none). */
const positiveSeconds = numberFlag('a number of seconds above 0', (n) => Number.isFinite(n) && Math.round(n * 1000) > 0, 1000);

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
    .addOption(new Option('--review-workers <n>', 'worker threads comparing snapshots (one review at a time each)').default(2, '2').argParser(count).env(env('REVIEW_WORKERS')))
    .addOption(
      new Option('--review-deadline <seconds>', "a review's comparison, queueing included; over it the review gets --missing-snapshot")
        .default(3_000, '3')
        .argParser(positiveSeconds)
        .env(env('REVIEW_DEADLINE')),
    )
    .addOption(
      new Option('--review-heap <MiB>', "each review worker's heap; a comparison needing more gets --missing-snapshot").default(64, '64').argParser(count).env(env('REVIEW_HEAP')),
    )
    .addOption(new Option('--max-connections <n>', 'open connections at most; more are closed at once').default(256, '256').argParser(count).env(env('MAX_CONNECTIONS')))
    .addOption(new Option('--headers-timeout <seconds>', 'time for a request head to arrive').default(10_000, '10').argParser(positiveSeconds).env(env('HEADERS_TIMEOUT')))
    .addOption(
      new Option('--idle-timeout <seconds>', 'a connection without traffic (silent after the TLS handshake, or between requests) is closed after this')
        .default(10_000, '10')
        .argParser(positiveSeconds)
        .env(env('IDLE_TIMEOUT')),
    )
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
    limits: {
      reviewWorkers: o.reviewWorkers as number,
      reviewDeadlineMs: o.reviewDeadline as number,
      reviewHeapMiB: o.reviewHeap as number,
      maxConnections: o.maxConnections as number,
      headersTimeoutMs: o.headersTimeout as number,
      idleTimeoutMs: o.idleTimeout as number,
    },
  };
}
