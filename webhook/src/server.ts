// The HTTPS admission server: POST /validate, /healthz, /readyz, body limit, connection limits (a cap, header and
// idle timeouts), comparisons in review workers under a deadline, certificate hot reload and a graceful stop
// (refuse new connections, finish in-flight reviews, then exit) for SIGTERM.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { describeError } from '../../src/errors.js';
import type { Compare, DecisionSettings } from './decide.js';
import type { WebhookMetrics } from './metrics.js';
import type { ServerLimits } from './options.js';
import { handleReviewBodyWith } from './review-handler.js';
import { ReviewPool } from './review-pool.js';
import { runSelfTest } from './self-test.js';
import type { SnapshotLookup } from './snapshot-source.js';
import { MIN_TLS_VERSION, readKeyPair, watchKeyPair, type CertificateFiles, type CertificateWatcher } from './tls.js';

/** The apiserver sends at most ~3 MiB (object + oldObject of a 1.5 MiB etcd object); anything larger is not a review. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024 + 64 * 1024;

/** How long kept-alive connections may still bring a review after SIGTERM before idle ones are closed. */
const IDLE_SETTLE_MS = 1_000;
const closeListener = NetServer.prototype.close;

export interface WebhookServerOptions {
  /** Absent: every address, IPv6 and IPv4. */
  host?: string;
  port: number;
  tls: CertificateFiles;
  settings: DecisionSettings;
  lookup: SnapshotLookup;
  /** When ConfigMap snapshots are used: readiness waits for the cache. */
  cacheSynced?: () => boolean;
  metrics: WebhookMetrics;
  logger: Logger;
  maxBodyBytes?: number;
  limits: ServerLimits;
  /** The webhook's entry file, which review workers run. */
  script: URL;
}

export interface WebhookServer {
  server: Server;
  address: AddressInfo;
  ready(): boolean;
  /** Stops accepting, waits for in-flight requests (at most graceMs), then closes everything. */
  close(graceMs: number): Promise<void>;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { settings, lookup, metrics, logger } = options;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const keyPair = await readKeyPair(options.tls);
  let stopping = false;
  let selfTestPassed = false;
  const { limits } = options;
  const pool = new ReviewPool({
    script: options.script,
    size: limits.reviewWorkers,
    deadlineMs: limits.reviewDeadlineMs,
    heapMiB: limits.reviewHeapMiB,
    policy: settings.policy,
    onWorkerLost: (reason) => logger.warn({ err: reason }, 'replacing a review worker'),
  });
  const compare: Compare = (pair, s) => pool.compare(pair, s.now ?? new Date());
  /** Sockets whose review is being decided: the idle timeout must not cut them off while a worker compares. */
  const deciding = new WeakSet<Socket>();

  const server = createServer(
    {
      cert: keyPair.cert,
      key: keyPair.key,
      minVersion: MIN_TLS_VERSION,
      noDelay: true,
      // A client that connects and never finishes the handshake.
      handshakeTimeout: limits.idleTimeoutMs,
      // How often header and request timeouts are checked (Node's default, 30 s, would let them run that much over).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      headersTimeout: limits.headersTimeoutMs,
      // The apiserver gives up after timeoutSeconds (<= 30 s); never hold a request longer than that.
      requestTimeout: limits.headersTimeoutMs + 5_000,
    },
    (req, res) => {
      route(req, res);
    },
  );
  // Connections over the cap are closed as they come: silent clients cannot hold more than this many sockets,
  // each for at most the idle timeout.
  server.maxConnections = limits.maxConnections;
  // A connection with no traffic (silent after its handshake, or kept alive and unused) is closed; not while its
  // review is with a worker.
  server.timeout = limits.idleTimeoutMs;
  server.on('timeout', (socket: Socket) => {
    if (!deciding.has(socket)) socket.destroy();
  });

  const certWatcher: CertificateWatcher = watchKeyPair(
    options.tls,
    keyPair,
    (pair) => {
      server.setSecureContext({ cert: pair.cert, key: pair.key, minVersion: MIN_TLS_VERSION });
      metrics.tlsReloads.inc({ result: 'ok' });
      logger.info({ certFile: options.tls.certFile }, 'reloaded the serving certificate');
    },
    (error) => {
      metrics.tlsReloads.inc({ result: 'error' });
      logger.warn({ err: describeError(error) }, 'could not reload the serving certificate; keeping the current one');
    },
  );

  const ready = (): boolean => !stopping && selfTestPassed && (options.cacheSynced?.() ?? true);

  function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
    // While stopping, do not leave the socket open for another request.
    if (stopping) res.setHeader('connection', 'close');
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    // The apiserver appends ?timeout=5s to the configured path; route on the path alone.
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/validate') {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        send(res, 405, JSON.stringify({ error: 'use POST' }));
        return;
      }
      validate(req, res);
      return;
    }
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, 'ok\n', 'text/plain');
    if (req.method === 'GET' && path === '/readyz') return ready() ? send(res, 200, 'ok\n', 'text/plain') : send(res, 503, 'not ready\n', 'text/plain');
    send(res, 404, JSON.stringify({ error: 'not found' }));
  }

  function reject(res: ServerResponse, status: number, message: string): void {
    metrics.invalidReviews.inc({ code: String(status) });
    logger.warn({ status, err: message }, 'rejected a request before deciding');
    send(res, status, JSON.stringify({ error: message }));
  }

  /**
   * Answers 413 at once, then reads and discards the rest of the body (closing a socket with unread data would
   * reset it and lose the answer), up to a bound after which the client is cut off.
   */
  function tooLarge(req: IncomingMessage, res: ServerResponse, message: string): void {
    reject(res, 413, message);
    let drained = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > 4 * maxBody) req.socket.destroy();
    });
    req.resume();
  }

  function validate(req: IncomingMessage, res: ServerResponse): void {
    const declared = Number(req.headers['content-length'] ?? NaN);
    logger.debug({ contentLength: req.headers['content-length'] }, 'review started');
    if (declared > maxBody) return tooLarge(req, res, `the body is ${declared} bytes; the limit is ${maxBody}`);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        over = true;
        chunks.length = 0;
        tooLarge(req, res, `the body is over the ${maxBody}-byte limit`);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) return;
      deciding.add(req.socket);
      void review(res, Buffer.concat(chunks, size)).finally(() => deciding.delete(req.socket));
    });
    req.on('error', () => {
      /* the client went away; nothing to answer */
    });
  }

  async function review(res: ServerResponse, body: Buffer): Promise<void> {
    const started = process.hrtime.bigint();
    let handled;
    try {
      handled = await handleReviewBodyWith(body, settings, lookup, compare);
    } catch (error) {
      // Unreachable by design (every failure inside a decision is a verdict); if it happens, it is a bug.
      logger.error({ err: describeError(error) }, 'the decision failed');
      return reject(res, 500, 'internal error');
    }
    if (handled.status !== 200 || !handled.decision || !handled.request) return reject(res, handled.status, handled.error ?? 'invalid review');
    send(res, 200, handled.body);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const { decision, request } = handled;
    metrics.requests.inc({ kind: decision.kind, decision: decision.outcome });
    metrics.latency.observe({ kind: decision.kind }, seconds);
    if (decision.decodeErrors > 0) metrics.decodeErrors.inc(decision.decodeErrors);
    const entry = {
      uid: request.uid,
      kind: decision.kind,
      namespace: request.namespace,
      name: request.name,
      operation: request.operation,
      user: request.userInfo?.username,
      dryRun: request.dryRun === true,
      decision: decision.outcome,
      reason: decision.reason,
      breaking: decision.blocking.length,
      rules: decision.blocking.length > 0 ? [...new Set(decision.blocking.map((f) => f.rule))] : undefined,
      audit: decision.response.auditAnnotations,
      error: decision.error,
      ms: Math.round(seconds * 1e6) / 1e3,
    };
    // A review that could not be judged is the operator's business whatever the verdict: a warning, with why.
    if (decision.error !== undefined) logger.warn(entry, 'admission');
    // Fast allows are the bulk of the traffic; keep them out of the info log.
    else if (decision.outcome === 'allow' && !decision.response.auditAnnotations) logger.debug(entry, 'admission');
    else logger.info(entry, 'admission');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  // Through a review worker, as every review goes: a worker that cannot start keeps the webhook unready. Booting a
  // thread takes a second or more on a busy node; that must not count against the self-test's review deadline, and
  // the server listens meanwhile (/healthz answers, /readyz is 503 until the self-test passed).
  void pool
    .ready(30_000)
    .then(() => runSelfTest(settings, lookup, compare))
    .then((failure) => {
      if (failure === undefined) {
        selfTestPassed = true;
        logger.info('the admission self-test passed');
      } else logger.error({ err: failure }, 'the admission self-test failed; /readyz stays 503');
    });

  return {
    server,
    address: server.address() as AddressInfo,
    ready,
    close(graceMs) {
      stopping = true;
      certWatcher.close();
      const stopPool = (): void => void pool.close();
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
          stopPool();
          resolve();
          // A timer past 2^31-1 ms overflows and fires at once: a longer grace (--shutdown-grace 3000000) means this.
        }, Math.min(graceMs, 2 ** 31 - 1));
        force.unref();
        // Stop accepting now, but not http's close(), which also drops idle kept-alive connections at once: a caller
        // may already have written a review on one that looks idle here, and dropping it resets that review. Every
        // answer from now on closes its connection; a connection still idle after the settle is closed then.
        closeListener.call(server, () => {
          clearTimeout(force);
          stopPool();
          resolve();
        });
        setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_SETTLE_MS, graceMs));
      });
    },
  };
}
