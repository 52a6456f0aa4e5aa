import { describe, expect, it } from 'vitest';
import { cachedCheck } from '../../src/probe/cache.js';

function clock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A check whose completions the test controls, counting how often it started. */
function controlledCheck() {
  const pending: ((value: number) => void)[] = [];
  let started = 0;
  return {
    check: () => {
      started += 1;
      return new Promise<number>((resolve) => pending.push(resolve));
    },
    finish: (value: number) => pending.shift()?.(value),
    started: () => started,
  };
}

describe('cachedCheck', () => {
  it('concurrent requests share one in-flight check', async () => {
    const time = clock();
    const control = controlledCheck();
    const cache = cachedCheck(control.check, 10_000, time.now);
    const all = Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(control.started()).toBe(1);
    control.finish(7);
    expect(await all).toEqual([7, 7, 7]);
  });

  it('reuses a result for the interval, counted from when the check finished, then checks again', async () => {
    const time = clock();
    const control = controlledCheck();
    const cache = cachedCheck(control.check, 10_000, time.now);
    const first = cache.get();
    time.advance(4_000); // a slow check
    control.finish(1);
    expect(await first).toBe(1);
    time.advance(9_999);
    expect(await cache.get()).toBe(1);
    expect(control.started()).toBe(1);
    time.advance(1);
    const second = cache.get();
    expect(control.started()).toBe(2);
    control.finish(2);
    expect(await second).toBe(2);
  });

  it('a failed check is not cached: the next request checks again', async () => {
    const time = clock();
    let calls = 0;
    const cache = cachedCheck(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return calls;
    }, 10_000, time.now);
    await expect(cache.get()).rejects.toThrow('boom');
    expect(await cache.get()).toBe(2);
  });

  it('an interval of 0 checks on every request but still shares an in-flight check', async () => {
    const time = clock();
    const control = controlledCheck();
    const cache = cachedCheck(control.check, 0, time.now);
    const both = Promise.all([cache.get(), cache.get()]);
    control.finish(5);
    await both;
    const next = cache.get();
    expect(control.started()).toBe(2);
    control.finish(6);
    expect(await next).toBe(6);
  });
});
