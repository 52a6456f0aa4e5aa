// Captures a live server for `diff` and `check` the way `snapshot` does: progress on stderr, and Ctrl-C or
// SIGTERM aborts the capture so the server process ends with us.
import { constants } from 'node:os';
import type { CaptureOptions } from '../capture/index.js';
import { InterruptedError } from '../errors.js';
import type { SourcedSnapshot } from '../snapshot/types.js';

/** How a live source appears in reports: `stdio:<command line>` or the URL. */
export function liveSourceLabel(live: CaptureOptions): string {
  return live.stdio !== undefined ? `stdio:${live.stdio.trim()}` : String(live.url);
}

/** `--quiet`: only warnings of the progress lines (the capture's own words about the server) reach stderr. */
export async function captureLive(live: CaptureOptions, quiet = false): Promise<SourcedSnapshot> {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const onSigint = (): void => {
    received = 'SIGINT';
    controller.abort();
  };
  const onSigterm = (): void => {
    received = 'SIGTERM';
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  try {
    // Loaded on demand: the MCP client is most of the CLI's code, and diffing files never needs it.
    const { captureSnapshot } = await import('../capture/index.js');
    const snapshot = await captureSnapshot({
      ...live,
      signal: controller.signal,
      onProgress: (message) => {
        if (!quiet || message.startsWith('warning:')) process.stderr.write(`mcp-drift-guard: ${message}\n`);
      },
    });
    return { snapshot, source: liveSourceLabel(live) };
  } catch (error) {
    // An interrupted capture is the user's doing, not the server's: exit 130 (143 for SIGTERM), not 3.
    if (received !== undefined) throw new InterruptedError(`capture of "${liveSourceLabel(live)}" was interrupted (${received})`, constants.signals[received]);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
  }
}
