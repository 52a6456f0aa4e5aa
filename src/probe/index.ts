// The probe: is a live MCP server healthy (handshake + tools/list, optionally no drift from a snapshot)?
// A one-shot check for exec probes and CI, and an HTTP /healthz server for readiness probes and sidecars.
export { probeServer, type ProbeOptions, type ProbeResult } from './probe.js';
export { cachedCheck, type CachedCheck } from './cache.js';
export { createProbeServer, listenProbeServer, healthBody, HEALTH_PATH, type HealthBody } from './serve.js';
