// Keeps probes cheap under a kubelet and a sidecar probing at once: a result is reused for the interval, and
// requests that arrive while a check runs wait for that check instead of starting their own.

export interface CachedCheck<T> {
  /** The fresh cached result, or the running check's, or a new check's. */
  get(): Promise<T>;
}

export function cachedCheck<T>(check: () => Promise<T>, intervalMs: number, now: () => number = () => performance.now()): CachedCheck<T> {
  let cached: { value: T; at: number } | undefined;
  let inFlight: Promise<T> | undefined;
  return {
    get(): Promise<T> {
      if (cached && now() - cached.at < intervalMs) return Promise.resolve(cached.value);
      if (inFlight) return inFlight;
      inFlight = check().then(
        (value) => {
          // The interval counts from the end of the check: a slow check does not make its result stale at once.
          cached = { value, at: now() };
          inFlight = undefined;
          return value;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
      return inFlight;
    },
  };
}
