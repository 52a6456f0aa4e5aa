// Entry of `mcp-drift-guard-webhook`, for both kinds of thread it runs: the main thread serves (serve.ts); a review
// worker (review-pool.ts starts them from this same file) compares snapshots (review-worker.ts). Each loads only
// its own modules, so a worker does not carry the HTTPS server, the Kubernetes client or the logger.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) void import('./serve.js').then((m) => m.serve(process.argv, new URL(import.meta.url)));
else void import('./review-worker.js').then((m) => m.runReviewWorker());
