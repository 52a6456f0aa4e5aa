// JSON value helpers shared by the diff engine and the front ends.

/**
 * Deep equality of JSON values, ignoring object key order; stops at the first difference. Iterative, so any
 * nesting depth is safe: whoever writes a schema or edits a workload controls the nesting, and a stack overflow
 * in the webhook would be a 500 that the apiserver's default failurePolicy (Ignore) turns into an unchecked admission.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(y, k)) return false;
      stack.push((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
    }
  }
  return true;
}
