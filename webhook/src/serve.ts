// The webhook's main thread (main.ts starts it): reads the settings, loads the policy, starts the ConfigMap cache
// (when used), the metrics port and the HTTPS admission server with its review workers, and stops gracefully on SIGTERM.
import type { AddressInfo } from 'node:net';
import { CommanderError } from 'commander';
import { pino } from 'pino';
import { DriftGuardError, describeError } from '../../src/errors.js';
import { loadPolicy } from '../../src/policy/index.js';
import { VERSION } from '../../src/version.js';
import { startConfigMapCache, type ConfigMapCache } from './configmaps.js';
import { createMetrics, createMetricsServer } from './metrics.js';
import { readOptions, webhookCommand } from './options.js';
import { startWebhookServer } from './server.js';
import type { SnapshotLookup } from './snapshot-source.js';

/** Without --configmap-snapshots a reference resolves to "no such ConfigMap", which says what to enable. */
const NO_CONFIGMAPS: SnapshotLookup = { configMapData: () => undefined };

async function main(argv: string[], script: URL): Promise<void> {
  const command = webhookCommand(VERSION);
  command.parse(argv);
  const options = readOptions(command);
  // Synchronous writes: nothing is buffered, so nothing is lost or left to flush (and spin on) at exit when
  // stdout is gone; a closed stdout (EPIPE) must not take the admission path down with it.
  const destination = pino.destination({ dest: 1, sync: true });
  destination.on('error', () => {});
  const logger = pino({ level: options.logLevel, base: { service: 'mcp-drift-guard-webhook', version: VERSION } }, destination);
  // The signal handlers come first: in the image Node.js is PID 1, which has no default action for SIGTERM, so a
  // SIGTERM during start-up (a slow certificate mount, a pod deleted at once) would otherwise be ignored and the pod
  // killed only when its grace period runs out. Nothing is in flight before the servers start: exit at once.
  let stop = (signal: string): void => {
    logger.info({ signal }, 'stopping during start-up');
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const policy = await loadPolicy(options.config);
  const metrics = createMetrics();

  let cache: ConfigMapCache | undefined;
  if (options.configmapSnapshots) {
    cache = startConfigMapCache({
      onError: (error) => logger.warn({ err: describeError(error) }, 'snapshot ConfigMap informer error'),
      onSynced: (count) => logger.info({ configMaps: count }, 'snapshot ConfigMap cache synced'),
    });
    logger.info('snapshot ConfigMap informer starting; /readyz waits for its first list');
  }

  const metricsServer = createMetricsServer(metrics);
  await new Promise<void>((resolve, reject) => {
    metricsServer.once('error', reject);
    metricsServer.listen(options.metricsPort, options.host, resolve);
  });
  const webhook = await startWebhookServer({
    ...(options.host === undefined ? {} : { host: options.host }),
    port: options.port,
    tls: { certFile: options.tlsCert, keyFile: options.tlsKey },
    settings: { mode: options.mode, missingSnapshot: options.missingSnapshot, policy },
    lookup: cache ?? NO_CONFIGMAPS,
    ...(cache ? { cacheSynced: cache.synced } : {}),
    metrics,
    logger,
    limits: options.limits,
    script,
  });
  logger.info(
    {
      port: webhook.address.port,
      metricsPort: (metricsServer.address() as AddressInfo).port,
      mode: options.mode,
      missingSnapshot: options.missingSnapshot,
      policy: policy.file ?? 'default',
      configmapSnapshots: options.configmapSnapshots,
      limits: options.limits,
      ready: webhook.ready(),
    },
    'listening',
  );

  // Started: a signal now lets in-flight reviews finish.
  let stopping = false;
  stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: options.shutdownGraceMs }, 'stopping: finishing in-flight reviews');
    void (async () => {
      await webhook.close(options.shutdownGraceMs);
      metricsServer.close();
      metricsServer.closeAllConnections();
      await cache?.stop();
      logger.info('stopped');
      process.exit(0);
    })();
  };
}

/** Runs the webhook; `script` is the entry file, which review workers run too. */
export function serve(argv: string[], script: URL): void {
  main(argv, script).catch(fail);
}

function fail(error: unknown): void {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`mcp-drift-guard-webhook: ${describeError(error)}\n`);
  // Exit now: a listener opened before the failure (the metrics port) would keep a half-started process alive.
  process.exit(error instanceof DriftGuardError ? error.exitCode : 1);
}
