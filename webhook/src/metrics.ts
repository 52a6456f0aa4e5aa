// Prometheus metrics (prom-client) on their own registry, served on a separate plain-HTTP port so that
// scraping never competes with admission traffic for the TLS listener.
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface WebhookMetrics {
  registry: Registry;
  requests: Counter<'kind' | 'decision'>;
  latency: Histogram<'kind'>;
  decodeErrors: Counter;
  invalidReviews: Counter<'code'>;
  tlsReloads: Counter<'result'>;
}

export function createMetrics(): WebhookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'mcp_drift_guard_admission_requests_total',
      help: 'Admission reviews answered, by workload kind and decision (allow, warn, deny).',
      labelNames: ['kind', 'decision'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'mcp_drift_guard_admission_duration_seconds',
      help: 'Time from the full request body to the response, by workload kind.',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    decodeErrors: new Counter({
      name: 'mcp_drift_guard_snapshot_decode_errors_total',
      help: 'Snapshot annotations or ConfigMaps present but not decodable into a snapshot.',
      registers: [registry],
    }),
    invalidReviews: new Counter({
      name: 'mcp_drift_guard_invalid_requests_total',
      help: 'Requests rejected before a decision, by HTTP status (400 malformed, 413 too large, ...).',
      labelNames: ['code'],
      registers: [registry],
    }),
    tlsReloads: new Counter({
      name: 'mcp_drift_guard_tls_reloads_total',
      help: 'Certificate reloads from disk, by result.',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}

/** GET /metrics in the Prometheus text format; everything else 404. */
export function createMetricsServer(metrics: WebhookMetrics): Server {
  return createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
}
