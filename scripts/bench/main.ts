// The diff benchmark: in-process diff at 10/100/1,000 tools, CLI end-to-end against `node -e 0`, and
// json-schema-diff alone on the same schema pairs as the reference. Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsonSchemaDiff from 'json-schema-diff';
import { diffSnapshots } from '../../src/diff/index.js';
import { serializeSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot, Tool } from '../../src/snapshot/types.js';
import { generateSnapshot } from '../../test/fixtures/diff/generate.js';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const round = (ms: number): number => Math.round(ms * 100) / 100;

/** The head version: every 5th tool gains a required argument, every 7th a new description, one tool goes. */
function evolve(base: Snapshot): Snapshot {
  const tools: Tool[] = base.tools.slice(1).map((tool, i) => {
    const next = structuredClone(tool);
    if (i % 5 === 0) {
      const schema = next.inputSchema as { properties?: Record<string, unknown>; required?: string[] };
      schema.properties = { ...schema.properties, bench_added: { type: 'string' } };
      schema.required = [...(schema.required ?? []), 'bench_added'];
    }
    if (i % 7 === 0) next.description = `${next.description ?? ''} (changed)`;
    return next;
  });
  return { ...base, server: { ...base.server, version: `${base.server.version}-next` }, tools };
}

function timeDiff(base: Snapshot, head: Snapshot, runs: number): { medianMs: number; findings: number } {
  let findings = 0;
  for (let i = 0; i < 3; i++) findings = diffSnapshots(base, head).length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    diffSnapshots(base, head);
    times.push(performance.now() - start);
  }
  return { medianMs: round(median(times)), findings };
}

function timeProcess(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - start);
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return round(median(times));
}

/** json-schema-diff only reads draft-07 without `$schema`; give it the same input schemas as our engine gets. */
async function timeJsonSchemaDiff(base: Snapshot, head: Snapshot, pairs: number): Promise<{ perPairMs: number; pairs: number; errors: number }> {
  const headByName = new Map(head.tools.map((t) => [t.name, t]));
  let count = 0;
  let errors = 0;
  const start = performance.now();
  for (const tool of base.tools) {
    const other = headByName.get(tool.name);
    if (!other) continue;
    try {
      await jsonSchemaDiff.diffSchemas({ sourceSchema: tool.inputSchema as object, destinationSchema: other.inputSchema as object });
    } catch {
      errors++;
    }
    if (++count >= pairs) break;
  }
  return { perPairMs: round((performance.now() - start) / count), pairs: count, errors };
}

async function main(): Promise<void> {
  const sizes = [10, 100, 1000];
  const diff: Record<string, unknown> = {};
  const reference: Record<string, unknown> = {};
  let ours100PerPair = 0;
  let ref100PerPair = 0;
  for (const size of sizes) {
    const base = generateSnapshot(size, { seed: 42, depth: 4 });
    const head = evolve(base);
    const result = timeDiff(base, head, size >= 1000 ? 10 : 30);
    diff[`tools_${size}`] = result;
    if (size === 100) {
      ours100PerPair = result.medianMs / size;
      const ref = await timeJsonSchemaDiff(base, head, 20);
      ref100PerPair = ref.perPairMs;
      reference.tools_100_sample = ref;
    }
  }
  const dir = '.bench';
  mkdirSync(dir, { recursive: true });
  const base = generateSnapshot(100, { seed: 7, depth: 4 });
  writeFileSync(join(dir, 'base-100.json'), serializeSnapshot(base));
  writeFileSync(join(dir, 'head-100.json'), serializeSnapshot(evolve(base)));
  const nodeStart = timeProcess(['-e', '0'], 15);
  const cli = timeProcess(['dist/cli.js', 'diff', join(dir, 'base-100.json'), join(dir, 'head-100.json'), '--format', 'json'], 15);
  const t10 = (diff.tools_10 as { medianMs: number }).medianMs;
  const t1000 = (diff.tools_1000 as { medianMs: number }).medianMs;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        diff_in_process: diff,
        scaling_1000_over_10_per_tool: round(t1000 / 1000 / (t10 / 10)),
        json_schema_diff_reference: reference,
        speedup_vs_json_schema_diff_per_pair: round(ref100PerPair / ours100PerPair),
        cli_end_to_end_100_tools_ms: cli,
        node_e_0_ms: nodeStart,
        cli_over_node_start: round(cli / nodeStart),
        targets: { diff_1000_ms: 200, speedup_min: 10, cli_over_node_max: 2 },
      },
      null,
      2,
    ),
  );
}

await main();
