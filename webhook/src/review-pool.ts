// Runs snapshot comparisons in a small pool of worker threads, each with a heap limit, under a deadline per review.
// A comparison is the only costly step of a review and its input is untrusted (a few KB of schema can ask for
// exponential work or gigabytes): off the main thread it cannot stall /healthz or other reviews, and a worker over
// its deadline or heap is terminated and replaced, the review answered as undecidable ("decision-failed").
import { Worker } from 'node:worker_threads';
import type { Policy } from '../../src/policy/types.js';
import type { Comparison, SnapshotPair } from './compare.js';
import type { ReviewTask, ReviewWorkerData, WorkerMessage } from './review-worker.js';

export interface ReviewPoolOptions {
  /** The script a worker runs: the webhook's entry, which starts a review worker when it is not the main thread. */
  script: URL;
  size: number;
  /** From the review's arrival at the pool to its comparison's end, queueing included. */
  deadlineMs: number;
  /** Old-generation heap limit of each worker. */
  heapMiB: number;
  policy: Policy;
  /** Told when a worker is terminated or dies, with why; the pool replaces it when next needed. */
  onWorkerLost?: (reason: string) => void;
}

interface Task {
  id: number;
  pair: SnapshotPair;
  now: Date;
  resolve: (comparison: Comparison) => void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  task?: Task;
  /**
   * Has loaded (said it is ready). Reviews go only to loaded workers, so a slow boot is never mistaken for a slow
   * review, and a worker that fails before loading (a broken install) is not restarted in a loop.
   */
  proven?: boolean;
}

/** A snapshot cache per worker: a tenth of its heap (the rest is for decoding and diffing the review at hand). */
const cacheBytesFor = (heapMiB: number): number => Math.floor((heapMiB * 1024 * 1024) / 10);

export class ReviewPool {
  private readonly slots: (Slot | undefined)[];
  /** Slots whose worker is being terminated: no new worker there until the old one's memory is released. */
  private readonly retiring = new Set<number>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  private readonly readyWaiters: (() => void)[] = [];

  constructor(private readonly options: ReviewPoolOptions) {
    this.slots = Array.from({ length: options.size }, () => undefined);
    // Started now, so the first review does not wait for a thread to boot.
    for (let i = 0; i < this.slots.length; i++) this.slots[i] = this.spawn(i);
  }

  /** The comparison of `pair`; never rejects: a timeout or a lost worker is a `failed` comparison. */
  compare(pair: SnapshotPair, now: Date): Promise<Comparison> {
    if (this.closed) return Promise.resolve({ state: 'failed', reason: 'the webhook is stopping' });
    return new Promise((resolve) => {
      const task: Task = { id: ++this.nextId, pair, now, resolve, timer: setTimeout(() => this.expire(task), this.options.deadlineMs) };
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Resolves once a worker has loaded (the self-test waits for it), or after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void> {
    if (this.slots.some((slot) => slot?.proven)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, { state: 'failed', reason: 'the webhook is stopping' });
    await Promise.all(this.slots.map((slot) => slot?.worker.terminate()));
  }

  private spawn(index: number): Slot {
    const workerData: ReviewWorkerData = { role: 'review-worker', policy: this.options.policy, cacheBytes: cacheBytesFor(this.options.heapMiB) };
    const worker = new Worker(this.options.script, {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMiB, maxYoungGenerationSizeMb: 16 },
      // The worker's stdout and stderr are the process's: its logs stay in the one JSON log stream, unmixed.
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        slot.proven = true;
        for (const waiter of this.readyWaiters.splice(0)) waiter();
        this.dispatch();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      slot.task = undefined;
      this.settle(task, message.comparison);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the comparison needed more than the review worker's ${this.options.heapMiB} MiB heap`
          : `the review worker failed: ${error.message}`;
      this.lose(index, slot, reason);
    });
    worker.on('exit', (code) => this.lose(index, slot, `the review worker exited (${code})`));
    // An idle pool must not keep the process alive on its own.
    worker.unref();
    return slot;
  }

  /**
   * Ends a worker's slot: its running review fails with `reason`. Once the old thread is gone (two heaps at once
   * would double the memory a slot can take), a worker that had loaded is replaced at once, so the next review does
   * not wait for a thread to boot; one that never loaded is replaced when a review needs it.
   */
  private lose(index: number, slot: Slot, reason: string): void {
    if (this.slots[index] !== slot) return;
    this.slots[index] = undefined;
    const task = slot.task;
    slot.task = undefined;
    this.retiring.add(index);
    void slot.worker.terminate().finally(() => {
      this.retiring.delete(index);
      if (this.closed) return;
      if (slot.proven && !this.slots[index]) this.slots[index] = this.spawn(index);
      this.dispatch();
    });
    if (this.closed) return;
    this.options.onWorkerLost?.(reason);
    if (task) this.settle(task, { state: 'failed', reason });
    this.dispatch();
  }

  private expire(task: Task): void {
    const seconds = this.options.deadlineMs / 1000;
    if (task.slot) {
      this.lose(this.slots.indexOf(task.slot), task.slot, `the comparison took longer than the ${seconds} s review deadline`);
      return;
    }
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.settle(task, { state: 'failed', reason: `no review worker was free within the ${seconds} s review deadline` });
  }

  private settle(task: Task, comparison: Comparison): void {
    clearTimeout(task.timer);
    task.slot = undefined;
    task.resolve(comparison);
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      if (this.closed) return;
      if (this.retiring.has(i)) continue;
      let slot = this.slots[i];
      if (!slot) slot = this.slots[i] = this.spawn(i);
      if (slot.task || !slot.proven) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      task.slot = slot;
      const message: ReviewTask = { id: task.id, pair: task.pair, now: task.now.getTime() };
      slot.worker.postMessage(message);
    }
  }
}
