// Typed errors thrown at the boundaries; the CLI's top level maps them to exit codes and one line on stderr.
// Library code throws these and never prints or calls process.exit.

export class DriftGuardError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input or usage: malformed files, unknown options, invalid policy. Exit code 2. */
export class UsageError extends DriftGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** A live server could not be started, reached, initialised or listed in time. Exit code 3. */
export class CaptureError extends DriftGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, options);
  }
}

/** The user ended the run with a signal (Ctrl-C): exit 128 + the signal's number, as shells report it (130). */
export class InterruptedError extends DriftGuardError {
  constructor(message: string, signalNumber: number) {
    super(message, 128 + signalNumber);
  }
}

/**
 * A schema whose comparison would take more than the diff's work budget (a `$defs` chain where each level is a
 * union of references to the next grows exponentially). Exit code 2: the input is unusable as given.
 */
export class SchemaTooComplexError extends UsageError {}

export const EXIT = { ok: 0, findings: 1, usage: 2, capture: 3 } as const;

/** A one-line description of any thrown value, for stderr and logs. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
