// Captures a live server for `diff` and `check` the way `snapshot` does: progress on stderr, and Ctrl-C or
// SIGTERM aborts the capture so the server process ends with us.
import type { CaptureOptions } from '../capture/index.js';
import type { SourcedSnapshot } from '../snapshot/types.js';

/** How a live source appears in reports: `stdio:<command line>` or the URL. */
export function liveSourceLabel(live: CaptureOptions): string {
  return live.stdio !== undefined ? `stdio:${live.stdio.trim()}` : String(live.url);
}

/** `--quiet`: only warnings of the progress lines (the capture's own words about the server) reach stderr. */
export async function captureLive(live: CaptureOptions, quiet = false): Promise<SourcedSnapshot> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
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
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
}
