// The GitHub REST client: octokit with a short retry for 5xx on idempotent requests, and a helper that turns
// API errors into one line. Creating a comment is not retried here (it is not idempotent); see comment.ts.
import { Octokit } from 'octokit';
import { VERSION } from '../../src/version.js';

/** Waits before retry N (0-based): short, because a workflow step should not hang on a flaky API. */
export const RETRY_DELAYS_MS = [500, 1500];
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** The HTTP status of an octokit error, or undefined for network errors. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** 5xx and network failures may pass on a second try; 4xx never do. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

export function describeApiError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return status === undefined ? message! : `HTTP ${status}: ${message}`;
}

export function createGitHubClient(token: string, baseUrl: string, log: (message: string) => void): Octokit {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: `mcp-drift-guard-action/${VERSION}`,
    // Our own retry below knows which requests are safe to repeat; octokit's would also repeat POSTs.
    retry: { enabled: false },
    throttle: { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
  });
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        const method = String(options.method).toUpperCase();
        if (!IDEMPOTENT.has(method) || !isTransient(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
        log(`GitHub API ${method} ${String(options.url)} failed (${describeApiError(error)}); retrying`);
        await sleep(RETRY_DELAYS_MS[attempt]!);
      }
    }
  });
  return octokit;
}
