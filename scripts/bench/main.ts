// The diff benchmark: in-process diff at 10/100/1,000 tools, CLI end-to-end against `node -e 0`, and
// json-schema-diff alone on the same schema pairs as the reference. Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsonSchemaDiff from 'json-schema-diff';
import { diffSnapshots } from '../../src/diff/index.js';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { generateSnapshot } from '../../test/fixtures/diff/generate.js';
import { keyShuffled } from '../../test/hardening/arbitraries.js';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const round = (ms: number): number => Math.round(ms * 100) / 100;

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

/**
 * Median wall time of each command line, run as a process `runs` times. The commands take turns, so a change in
 * the machine's load while measuring shifts all of them alike and leaves their ratios honest.
 */
function timeProcesses(commands: string[][], runs: number): number[] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [c, args] of commands.entries()) {
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
      times[c]!.push(performance.now() - start);
      if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}`);
    }
  }
  return times.map((t) => round(median(t)));
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

/** One hostile-size snapshot, read the way a file is (parse, validate, canonicalise). */
function hostileSnapshot(inputSchemas: Record<string, unknown>): Snapshot {
  const tools = Object.entries(inputSchemas).map(([name, inputSchema]) => ({ name, inputSchema }));
  return parseSnapshot(JSON.stringify({ format: 1, server: { name: 'hostile', version: '1.0.0' }, capabilities: { tools: {} }, tools, prompts: [], resourceTemplates: [] }), 'hostile');
}

/** Read both sides and diff them, once: the figures test/hardening/hostile-schemas.test.ts only shows to end. */
function timeHostile(before: Record<string, unknown>, after: Record<string, unknown>): { readMs: number; diffMs: number; findings: number } {
  const start = performance.now();
  const base = hostileSnapshot(before);
  const head = hostileSnapshot(after);
  const read = performance.now();
  const findings = diffSnapshots(base, head).length;
  return { readMs: round(read - start), diffMs: round(performance.now() - read), findings };
}

function hostileSizes(): Record<string, unknown> {
  const n = 100_000;
  const properties = Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: 'string' }]));
  const { p500: _removed, ...rest } = properties;
  const values = Array.from({ length: n }, (_, i) => `v${i}`);
  const millionValues = Array.from({ length: 1_000_000 }, (_, i) => `v${i}`);
  const tools = Object.fromEntries(Array.from({ length: n }, (_, i) => [`tool_${i}`, { type: 'object', properties: { q: { type: 'string' } } }]));
  return {
    properties_100k: timeHostile(
      { big: { type: 'object', properties, additionalProperties: false } },
      { big: { type: 'object', properties: rest, required: ['p7'], additionalProperties: false } },
    ),
    enum_values_100k: timeHostile(
      { pick: { type: 'object', properties: { v: { type: 'string', enum: values } } } },
      { pick: { type: 'object', properties: { v: { type: 'string', enum: [...values.slice(1), 'new'].reverse() } } } },
    ),
    tools_100k: timeHostile(tools, { ...tools, tool_99: { type: 'object', properties: { q: { type: 'integer' } } } }),
    // Issue 11 point 12: 1,000,000 values, the first dropped and "new" added, the list reversed (target: under 2 s).
    enum_values_1m: timeHostile(
      { pick: { type: 'object', properties: { v: { type: 'string', enum: millionValues } } } },
      { pick: { type: 'object', properties: { v: { type: 'string', enum: [...millionValues.slice(1), 'new'].reverse() } } } },
    ),
  };
}

async function main(): Promise<void> {
  const sizes = [10, 100, 1000];
  const diff: Record<string, unknown> = {};
  const reference: Record<string, unknown> = {};
  let ours100PerPair = 0;
  let ref100PerPair = 0;
  for (const size of sizes) {
    // Revision 2 of a generated snapshot changes every tenth tool in known ways (see generate.ts).
    const base = generateSnapshot(size, { seed: 42, depth: 4 });
    const head = generateSnapshot(size, { seed: 42, depth: 4, revision: 2 });
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
  // Generated 100-tool files in two shapes, schemas nested 2 deep (~7 KB per tool, several times a real tool) and 4
  // deep (~19 KB, as the in-process runs use), and the two captured server-filesystem versions (12 and 14 tools,
  // ~1 KB per tool): the size of what most users diff.
  const files: Record<string, [string, string]> = {
    depth_2: [join(dir, 'base-100-d2.json'), join(dir, 'head-100-d2.json')],
    depth_4: [join(dir, 'base-100-d4.json'), join(dir, 'head-100-d4.json')],
    server_filesystem: ['test/fixtures/servers/captured/server-filesystem-2025.7.1.json', 'test/fixtures/servers/captured/server-filesystem-2025.11.25.json'],
    // 1,000 tools as another tool or a hand edit writes them: one line, keys in no order (~2.3 MB each), so reading
    // them is parsing and canonicalising everything, not the copy-free path of a file we wrote.
    one_line_unsorted_1000: [join(dir, 'base-1000-raw.json'), join(dir, 'head-1000-raw.json')],
  };
  for (const depth of [2, 4]) {
    writeFileSync(files[`depth_${depth}`]![0], serializeSnapshot(generateSnapshot(100, { seed: 7, depth })));
    writeFileSync(files[`depth_${depth}`]![1], serializeSnapshot(generateSnapshot(100, { seed: 7, depth, revision: 2 })));
  }
  for (const [i, revision] of [1, 2].entries()) {
    writeFileSync(files.one_line_unsorted_1000![i]!, JSON.stringify(keyShuffled(generateSnapshot(1000, { seed: 7, depth: 2, revision: revision as 1 | 2 }), 11 + i)));
  }
  const shapes = Object.keys(files);
  // The floor of the unsorted pair: a process that only reads both files with JSON.parse. Every reader pays it, and
  // with Node.js's start it is most of the 3x target before anything is canonicalised, diffed or written.
  const parseOnly = ['-e', `for (const f of process.argv.slice(1)) JSON.parse(require('fs').readFileSync(f, 'utf8'))`];
  const [nodeStart, version, unsortedParseOnly, ...diffMs] = timeProcesses(
    [['-e', '0'], ['dist/cli.cjs', '--version'], [...parseOnly, ...files.one_line_unsorted_1000!], ...shapes.map((shape) => ['dist/cli.cjs', 'diff', ...files[shape]!, '--format', 'json'])],
    21,
  );
  const cli: Record<string, unknown> = {};
  for (const [i, shape] of shapes.entries()) {
    const ms = diffMs[i]!;
    cli[shape] = { fileKB: Math.round(statSync(files[shape]![0]).size / 1024), ms, overNodeStart: round(ms / nodeStart!) };
  }
  cli.one_line_unsorted_1000 = {
    ...(cli.one_line_unsorted_1000 as object),
    node_json_parse_both_ms: unsortedParseOnly,
    node_json_parse_both_over_node_start: round(unsortedParseOnly! / nodeStart!),
  };
  // Issue 11 point 12 end to end: two ~9.9 MB one-line files, one tool with an enum of 1,000,000 strings (the first
  // dropped, "new" added). Fewer runs: each takes seconds. Reading the two files with JSON.parse alone is the floor.
  const enumFiles = [join(dir, 'base-enum-1m.json'), join(dir, 'head-enum-1m.json')];
  const million = Array.from({ length: 1_000_000 }, (_, i) => `v${i}`);
  for (const [i, values] of [million, [...million.slice(1), 'new']].entries()) {
    writeFileSync(enumFiles[i]!, JSON.stringify({ format: 1, server: { name: 's', version: '1' }, tools: [{ name: 't', inputSchema: { type: 'object', properties: { x: { type: 'string', enum: values } } } }] }));
  }
  const [enumParseOnly, enumDiff] = timeProcesses(
    [
      [...parseOnly, ...enumFiles],
      ['dist/cli.cjs', 'diff', ...enumFiles, '--format', 'json'],
    ],
    5,
  );
  cli.enum_values_1m = { fileKB: Math.round(statSync(enumFiles[0]!).size / 1024), ms: enumDiff, node_json_parse_both_ms: enumParseOnly };
  const t10 = (diff.tools_10 as { medianMs: number }).medianMs;
  const t1000 = (diff.tools_1000 as { medianMs: number }).medianMs;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        diff_in_process: diff,
        scaling_1000_over_10_per_tool: round(t1000 / 1000 / (t10 / 10)),
        json_schema_diff_reference: reference,
        hostile_schemas: hostileSizes(),
        speedup_vs_json_schema_diff_per_pair: round(ref100PerPair / ours100PerPair),
        node_e_0_ms: nodeStart,
        cli_version_ms: version,
        cli_diff: cli,
        targets: { enum_values_1m_read_and_diff_ms: 2000, cli_enum_values_1m_ms: 2000, diff_1000_ms: 200, speedup_min: 10, cli_over_node_max: 2, one_line_unsorted_1000_over_node_max: 3 },
      },
      null,
      2,
    ),
  );
}

await main();
