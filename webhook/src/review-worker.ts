// A review worker's side (a node:worker_threads thread started by review-pool.ts): decodes and compares the
// snapshot pairs it is sent, one at a time, with its own snapshot cache. Whatever it does runs off the main
// thread, under the pool's deadline and the heap limit the pool gave it, so /healthz and other reviews go on.
import { parentPort, workerData } from 'node:worker_threads';
import type { Policy } from '../../src/policy/types.js';
import { compareSnapshots, type Comparison, type SnapshotPair } from './compare.js';
import { SnapshotCache } from './snapshot-cache.js';

/** What the pool gives a worker at start. */
export interface ReviewWorkerData {
  role: 'review-worker';
  policy: Policy;
  cacheBytes: number;
}

export interface ReviewTask {
  id: number;
  pair: SnapshotPair;
  /** The review's clock (ms since the epoch), for ignore expiry. */
  now: number;
}

/** A worker's messages: once `ready` when loaded, then one answer per task. */
export type WorkerMessage = { ready: true } | { id: number; comparison: Comparison };

export function runReviewWorker(): void {
  const data = workerData as ReviewWorkerData;
  const port = parentPort;
  if (!port) throw new Error('the review worker runs in a worker thread');
  const cache = new SnapshotCache({ maxBytes: data.cacheBytes });
  port.on('message', (task: ReviewTask) => {
    const answer: WorkerMessage = { id: task.id, comparison: compareSnapshots(task.pair, data.policy, new Date(task.now), cache) };
    port.postMessage(answer);
  });
  const ready: WorkerMessage = { ready: true };
  port.postMessage(ready);
}
