// JSON value helpers shared by the diff engine and the front ends.

/**
 * Deep equality of JSON values, ignoring object key order; stops at the first difference. Iterative, so any
 * nesting depth is safe: whoever writes a schema or edits a workload controls the nesting, and a stack overflow
 * in the webhook would be a 500 that the apiserver's default failurePolicy (Ignore) turns into an unchecked admission.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  // Every pair goes on the stack and is judged when popped: measured warm on two 1,000-tool snapshots, this is
  // 10-15% faster than testing leaves before pushing them, and warm is where a large diff spends its time.
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
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
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xKeys = Object.keys(xo);
    const yKeys = Object.keys(yo);
    if (xKeys.length !== yKeys.length) return false;
    for (let i = 0; i < xKeys.length; i++) {
      const key = xKeys[i]!;
      // Keys in the same order (two canonical snapshots always) need no lookup to show that y has the key.
      if (key !== yKeys[i] && !Object.prototype.hasOwnProperty.call(yo, key)) return false;
      stack.push(xo[key], yo[key]);
    }
  }
  return true;
}
