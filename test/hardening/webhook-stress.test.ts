// A short run of scripts/soak-webhook.mjs (the same checks as the manual 100k soak): 5,000 reviews over TLS with
// RSS growth bounded, a broken then a real certificate rotation under load, 500 concurrent reviews of one object, and
// SIGTERM in the middle of load with zero failed in-flight reviews. The script runs the real bundled webhook, on the
// Node.js of the webhook image (it starts the webhook with the Node.js that runs it).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ROOT } from './cli.js';

interface SoakResult {
  soak: { requests: number; ok: number; failed: number; refusedBeforeSend: number; latency: { p99Ms: number } };
  memory: { rssBeforeMiB: number; rssAfterMiB: number; rssGrowthMiB: number; rssGrowthSecondHalfMiB: number };
  certificateRotation: { brokenPairKept: boolean; fingerprintBefore: string; fingerprintAfter: string; servedNewAfterMs: number | null; failedNewConnections: number; reloadsLogged: number };
  sameObjectBurst: { requests: number; ok: number; failed: number; distinctAnswers: number };
  sigterm: { ok: number; failed: number; failures: Record<string, number>; exitCode: number | null; stoppedLogged: boolean };
  checks: Record<string, boolean>;
  ok: boolean;
}

function runSoak(args: string[]): Promise<{ code: number | null; result: SoakResult; stderr: string }> {
  const child = spawn(inject('webhookNode'), [join(ROOT, 'scripts/soak-webhook.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, result: JSON.parse(stdout) as SoakResult, stderr })));
}

describe('webhook under stress (short soak)', () => {
  // The deadlines only prove that the soak ends: some 10 s idle, several times that with both cores busy.
  it('5,000 reviews, a certificate rotation, a same-object burst and SIGTERM mid-load: no failed review', { timeout: 300_000 }, async () => {
    // A grace past what a Node timer holds (2^31-1 ms) must not turn into an immediate forced close.
    const { code, result, stderr } = await runSoak(['--requests', '5000', '--burst', '500', '--max-rss-growth-mib', '64', '--deadline-seconds', '280', '--shutdown-grace', '3000000']);
    expect(result.checks, stderr).toEqual({
      soakNoFailures: true,
      rssGrowthUnderMiB: true,
      certificateRotatedUnderLoad: true,
      sameObjectBurstConsistent: true,
      sigtermNoFailedInFlight: true,
      noErrorLogs: true,
    });
    expect(code).toBe(0);
    expect(result.soak).toMatchObject({ requests: 5000, ok: 5000, failed: 0, refusedBeforeSend: 0 });
    expect(result.memory.rssGrowthSecondHalfMiB).toBeLessThan(64);
    expect(result.certificateRotation.fingerprintAfter).not.toBe(result.certificateRotation.fingerprintBefore);
    expect(result.certificateRotation.servedNewAfterMs).not.toBeNull();
    // A certificate file that is not one (a botched Secret update) leaves the old pair in service.
    expect(result.certificateRotation.brokenPairKept).toBe(true);
    expect(result.sameObjectBurst).toMatchObject({ requests: 500, ok: 500, failed: 0, distinctAnswers: 1 });
    // Reviews answered after SIGTERM prove the load really was in flight; none of the sent ones may fail.
    expect(result.sigterm.ok).toBeGreaterThan(0);
    expect(result.sigterm).toMatchObject({ failed: 0, failures: {}, exitCode: 0, stoppedLogged: true });
  });
});
