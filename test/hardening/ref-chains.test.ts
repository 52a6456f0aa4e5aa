// `$ref` chains (issue 12): a schema whose JSON nests a few levels but whose `$defs` form a chain of 1,000 or
// 10,000 definitions, each wrapping a reference to the next. Every walker of the engine follows `$ref`s by
// recursion, and a 1,000-hop chain overflowed the stack ("internal error: Maximum call stack size exceeded").
// Each shape, in the base, the head or both, in inputSchema and in outputSchema, through the real CLI: compared, or
// exit 2 with one line "too complex"; never an internal error. Then one such review through the real webhook.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chainedUpdate, REF_CHAIN_SHAPES, refChain, reviewOfPair } from '../../scripts/lib/hostile-reviews.mjs';
import { httpsRequest, makePki, type Pki, type RunningWebhook, startWebhook } from '../fixtures/webhook/apiserver-caller.js';
import { runCli, type CliRun } from './cli.js';

const TOO_COMPLEX = 'a schema is too complex to compare (nested deeper than 256 levels, following its $refs)';

type Area = 'inputSchema' | 'outputSchema';
type Side = 'base' | 'head' | 'both';

/** A snapshot with one tool whose `area` is `schema` (the other schema a plain object). */
function snapshotText(area: Area, schema: Record<string, unknown>): string {
  const tool = { name: 'chained', inputSchema: { type: 'object' }, outputSchema: { type: 'object' }, [area]: schema };
  return JSON.stringify({ format: 1, server: { name: 'chains', version: '1.0.0' }, capabilities: { tools: {} }, tools: [tool], prompts: [], resourceTemplates: [] });
}

/** Where a side has no chain, `x` is a number; at the end of a chain, a string, except in the head when both have one. */
async function diffChain(shape: string, hops: number, area: Area, side: Side, nodeArgs: string[] = []): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mdg-ref-chain-'));
  const plain = { type: 'object', properties: { x: { type: 'number' } } };
  const base = join(dir, 'base.json');
  const head = join(dir, 'head.json');
  writeFileSync(base, snapshotText(area, side === 'head' ? plain : refChain(shape, hops, 'string')));
  writeFileSync(head, snapshotText(area, side === 'base' ? plain : refChain(shape, hops, side === 'both' ? 'number' : 'string')));
  return runCli(['diff', base, head], { nodeArgs });
}

/** What the CLI said, as one comparable line: the exit code, and the error line or the summary line. */
function outcome(run: CliRun): string {
  expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack/);
  if (run.code === 2) {
    // One line, the whole of stderr.
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    return `2 ${run.stderr.trim()}`;
  }
  return `${run.code} ${run.stdout.trimEnd().split('\n').at(-1)}`;
}

const TOO_DEEP = `2 mcp-drift-guard: ${TOO_COMPLEX}`;
const ONE_BREAKING = '1 FAIL: 1 breaking, 0 warnings, 0 safe (fails on breaking)';

/**
 * The answer for each shape, the same for 1,000 and 10,000 hops. Bare `$ref`s are followed in a loop: compared.
 * Normalising a schema (allOf merged, tautologies dropped) resolves what it wraps, except property schemas: a chain
 * through properties that only one side has is compared at `x` (a number became an object); any other goes too
 * deep as soon as it is resolved. Where both sides have the chain, the walk goes down it to find the change.
 */
const COMPARED_ONE_SIDED = new Set(['$ref', 'properties', 'mutual recursion']);
const EXPECTED: Record<string, Record<Side, string>> = Object.fromEntries(
  REF_CHAIN_SHAPES.map((shape) => {
    const oneSided = COMPARED_ONE_SIDED.has(shape) ? ONE_BREAKING : TOO_DEEP;
    return [shape, { base: oneSided, head: oneSided, both: shape === '$ref' ? ONE_BREAKING : TOO_DEEP }];
  }),
);

describe('$ref chains of 1,000 and 10,000 hops through the CLI: compared, or exit 2 "too complex"', () => {
  for (const shape of REF_CHAIN_SHAPES) {
    it(shape, { timeout: 300_000 }, async () => {
      const runs: { label: string; run: Promise<CliRun>; expected: string }[] = [];
      for (const hops of [1_000, 10_000]) {
        for (const [area, side] of [['inputSchema', 'both'], ['inputSchema', 'base'], ['inputSchema', 'head'], ['outputSchema', 'both']] as const) {
          runs.push({ label: `${hops} hops, ${area}, ${side}`, run: diffChain(shape, hops, area, side), expected: EXPECTED[shape]![side] });
        }
      }
      const seen = await Promise.all(runs.map(async (r) => `${r.label}: ${outcome(await r.run)}`));
      expect(seen).toEqual(runs.map((r) => `${r.label}: ${r.expected}`));
    });
  }

  // The depth cap must end the walk while the stack still has room: on any Node.js version, and on a caller deeper
  // in its own stack. With 60% of V8's default stack (984 KB), every shape still gets its answer.
  it('with 60% of the stack (node --stack-size=590), every shape still gets the same answer', { timeout: 300_000 }, async () => {
    const seen = await Promise.all(REF_CHAIN_SHAPES.map(async (shape) => `${shape}: ${outcome(await diffChain(shape, 1_000, 'inputSchema', 'both', ['--stack-size=590']))}`));
    expect(seen).toEqual(REF_CHAIN_SHAPES.map((shape) => `${shape}: ${EXPECTED[shape]!.both}`));
  });
});

describe('the webhook', () => {
  let pki: Pki | undefined;
  let webhook: RunningWebhook | undefined;
  afterEach(() => {
    webhook?.child.kill('SIGKILL');
    pki?.cleanup();
  });

  it('a 10,000-hop chain in both snapshots of an update: HTTP 200 with the uid, judged as an undecodable snapshot, "too complex" in the message, audit annotation and log', { timeout: 120_000 }, async () => {
    pki = makePki();
    webhook = await startWebhook(pki, ['--mode', 'enforce', '--missing-snapshot', 'deny']);
    const res = await httpsRequest(webhook.port, pki.ca, { method: 'POST', path: '/validate?timeout=5s', headers: { 'content-type': 'application/json' }, body: reviewOfPair('ref-chain', chainedUpdate('items', 10_000)) });
    expect(res.status).toBe(200);
    const answer = (JSON.parse(res.body) as { response: { uid: string; allowed: boolean; status?: { code: number; message: string }; auditAnnotations?: Record<string, string> } }).response;
    const cause = `the snapshots could not be compared: ${TOO_COMPLEX}`;
    expect(answer).toMatchObject({ uid: 'ref-chain', allowed: false, status: { code: 403 }, auditAnnotations: { decision: 'deny', reason: 'decision-failed', error: cause } });
    expect(answer.status?.message).toContain(cause);
    const log = await webhook.waitForLog((l) => l.uid === 'ref-chain');
    expect(log).toMatchObject({ msg: 'admission', reason: 'decision-failed', decision: 'deny', error: cause });
  });
});
