// Hostile schemas, each shown to end (a generous wall-clock bound; the speed is `npm run bench`): $ref cycles (direct, mutual, through combinators), 10,000-deep
// nesting, 100,000 properties, 100,000 enum values, catastrophic and invalid patterns (compared, never run),
// external and remote $refs (never fetched: no socket, no fetch), and __proto__/constructor/prototype as names.
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diffSnapshots } from '../../src/diff/index.js';
import type { Finding } from '../../src/diff/types.js';
import { UsageError } from '../../src/errors.js';
import { parseSnapshot, readSnapshotSource, serializeSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { pidFile, runCli } from './cli.js';

/**
 * Proves only that the work ends (no blow-up on cycles or size), not how fast: about 10 times the slowest step with
 * both cores busy (100,000 properties: 3.1 s; 23 s at a load average of 18 on 2 cores). How fast it is, is
 * `npm run bench` (hostile_schemas).
 */
const BOUND_MS = 30_000;

/** Runs `work` and checks it took less than `bound` ms of wall-clock time. */
function bounded<T>(work: () => T, bound = BOUND_MS): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(bound);
  return result;
}

/** A snapshot file's text with one tool per schema, read back through the same parser every front end uses. */
function snapshotText(inputSchemas: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const tools = Object.entries(inputSchemas).map(([name, inputSchema]) => ({ name, inputSchema }));
  return JSON.stringify({ format: 1, server: { name: 'hostile', version: '1.0.0' }, capabilities: { tools: {} }, tools, prompts: [], resourceTemplates: [], ...extra });
}
const snap = (inputSchemas: Record<string, unknown>, extra: Record<string, unknown> = {}): Snapshot => parseSnapshot(snapshotText(inputSchemas, extra), 'hostile');
const rules = (findings: Finding[]) => findings.map((f) => f.rule);

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
afterAll(() => {
  expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
});

describe('$ref cycles terminate, unchanged or changed', () => {
  const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });
  const cycles: Record<string, (leaf: unknown) => unknown> = {
    'root self-reference (#)': (leaf) => obj({ self: { $ref: '#' }, v: leaf }),
    'a definition referring to itself only (A -> A)': (leaf) => ({ ...obj({ v: leaf, x: { $ref: '#/$defs/A' } }), $defs: { A: { $ref: '#/$defs/A' } } }),
    'mutual references only (A -> B -> A)': (leaf) => ({ ...obj({ v: leaf, x: { $ref: '#/$defs/A' } }), $defs: { A: { $ref: '#/$defs/B' }, B: { $ref: '#/$defs/A' } } }),
    'mutual recursion through properties': (leaf) => ({
      ...obj({ a: { $ref: '#/$defs/A' } }),
      $defs: { A: obj({ b: { $ref: '#/$defs/B' }, v: leaf }), B: obj({ a: { $ref: '#/$defs/A' } }) },
    }),
    'through anyOf / oneOf / allOf / not': (leaf) => ({
      ...obj({ t: { $ref: '#/$defs/T' } }),
      $defs: {
        T: {
          anyOf: [leaf, { type: 'array', items: { $ref: '#/$defs/T' } }, { oneOf: [{ $ref: '#/$defs/T' }, { allOf: [{ $ref: '#/$defs/U' }] }] }],
        },
        U: { not: { $ref: '#/$defs/T' }, allOf: [{ $ref: '#/$defs/U' }] },
      },
    }),
    'through items, additionalProperties and $ref siblings': (leaf) => ({
      ...obj({ l: { $ref: '#/$defs/L', description: 'list' } }),
      additionalProperties: { $ref: '#' },
      $defs: { L: { type: 'array', items: { $ref: '#/$defs/L', minItems: 1 }, prefixItems: [leaf] } },
    }),
    'a union that lists itself (T = anyOf[X, T])': (leaf) => ({ ...obj({ t: { $ref: '#/$defs/T' } }), $defs: { T: { anyOf: [leaf, { $ref: '#/$defs/T' }] } } }),
    'a union whose not leads back to itself (T = anyOf[X, oneOf[T, not T]])': (leaf) => ({
      ...obj({ t: { $ref: '#/$defs/T' } }),
      $defs: { T: { anyOf: [leaf, { oneOf: [{ $ref: '#/$defs/T' }, { not: { $ref: '#/$defs/T' } }] }] } },
    }),
    'a chain of 1,000 references ending in a cycle': (leaf) => ({
      ...obj({ v: leaf, x: { $ref: '#/$defs/d0' } }),
      $defs: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`d${i}`, { $ref: `#/$defs/d${(i + 1) % 1000}` }])),
    }),
  };
  for (const [name, make] of Object.entries(cycles)) {
    it(name, () => {
      const before = snap({ t: make({ type: 'string' }) });
      const same = snap({ t: make({ type: 'string' }) });
      const after = snap({ t: make({ type: 'integer' }) });
      expect(bounded(() => diffSnapshots(before, same))).toEqual([]);
      const changed = bounded(() => diffSnapshots(before, after));
      const back = bounded(() => diffSnapshots(after, before));
      // A schema whose only content is a cycle of $refs has nothing to compare; the others must see the change.
      if (!name.includes('only')) {
        expect(changed.length).toBeGreaterThan(0);
        expect(back.length).toBeGreaterThan(0);
      }
      // Each change once: going round a cycle again must not repeat a finding for the same place.
      for (const findings of [changed, back]) {
        const places = findings.map((f) => `${f.rule} ${f.pointer.before ?? ''} ${f.pointer.after ?? ''}`);
        expect(new Set(places).size).toBe(places.length);
      }
    });
  }
});

describe('10,000-deep nesting: a clear UsageError naming the input, never a RangeError', () => {
  const DEPTH = 10_000;
  const nest = (wrap: (inner: string) => string, leaf = '{"type":"string"}') => {
    let text = leaf;
    for (let i = 0; i < DEPTH; i++) text = wrap(text);
    return text;
  };
  const shapes: Record<string, string> = {
    properties: nest((s) => `{"type":"object","properties":{"a":${s}}}`),
    items: nest((s) => `{"type":"array","items":${s}}`),
    anyOf: nest((s) => `{"anyOf":[${s},{"type":"null"}]}`),
    not: nest((s) => `{"not":${s}}`),
    '$defs': nest((s) => `{"$defs":{"x":${s}}}`),
    'an enum value (data, not schema)': `{"type":"array","enum":[${nest((s) => `[${s}]`, '1')}]}`,
    'a default value': `{"type":"object","default":${nest((s) => `{"a":${s}}`, '1')}}`,
    annotations: '{"type":"object"}',
  };
  for (const [name, schema] of Object.entries(shapes)) {
    it(name, () => {
      const tool = name === 'annotations' ? `{"name":"t","inputSchema":${schema},"annotations":${nest((s) => `{"a":${s}}`, 'true')}}` : `{"name":"t","inputSchema":${schema}}`;
      const text = `{"format":1,"server":{"name":"s","version":"1"},"tools":[${tool}]}`;
      const error = bounded(() => {
        try {
          parseSnapshot(text, 'deep.json');
          return undefined;
        } catch (e) {
          return e;
        }
      });
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/^deep\.json: .*nested deeper than \d+ levels$/);
    });
  }

  it('diffSnapshots called directly on 10,000-deep schemas (no parser in front) does not overflow either', () => {
    const deep = (leaf: unknown): Snapshot => {
      let schema: unknown = leaf;
      for (let i = 0; i < DEPTH; i++) schema = { type: 'object', properties: { a: schema }, anyOf: [{ not: schema }] };
      return { format: 1, server: { name: 's', version: '1' }, capabilities: {}, tools: [{ name: 't', inputSchema: schema as Record<string, unknown> }], prompts: [], resourceTemplates: [] };
    };
    const findings = bounded(() => diffSnapshots(deep({ type: 'string' }), deep({ type: 'number' })));
    expect(findings.length).toBeGreaterThan(0);
  });

  it('the CLI: diff of a 10,000-deep file is exit 2 with one line naming the file', async () => {
    const file = `${pidFile()}.json`;
    writeFileSync(file, `{"format":1,"server":{"name":"s","version":"1"},"tools":[{"name":"t","inputSchema":${shapes.properties}}]}`);
    const run = await runCli(['diff', file, file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`mcp-drift-guard: ${file}: schema nested deeper than 256 levels`]);
  });
});

describe('size: 100,000 properties, 100,000 enum values', () => {
  const N = 100_000;
  it('an object with 100,000 properties: one removed, one made required', { timeout: 240_000 }, () => {
    const properties = Object.fromEntries(Array.from({ length: N }, (_, i) => [`p${i}`, { type: 'string' }]));
    const before = bounded(() => snap({ big: { type: 'object', properties, additionalProperties: false } }));
    const { p500: _removed, ...rest } = properties;
    const after = bounded(() => snap({ big: { type: 'object', properties: rest, required: ['p7'], additionalProperties: false } }));
    expect(bounded(() => diffSnapshots(before, structuredClone(before)))).toEqual([]);
    const findings = bounded(() => diffSnapshots(before, after));
    expect(rules(findings).sort()).toEqual(['input-property-removed-closed', 'input-required-property-added']);
  });

  it('an enum of 100,000 values: one removed, one added', { timeout: 240_000 }, () => {
    const values = Array.from({ length: N }, (_, i) => `v${i}`);
    const before = bounded(() => snap({ pick: { type: 'object', properties: { v: { type: 'string', enum: values } } } }));
    const after = bounded(() => snap({ pick: { type: 'object', properties: { v: { type: 'string', enum: [...values.slice(1), 'new'].reverse() } } } }));
    const findings = bounded(() => diffSnapshots(before, after));
    expect(findings.map((f) => [f.rule, f.before ?? f.after])).toEqual([
      ['input-enum-value-removed', 'v0'],
      ['input-enum-value-added', 'new'],
    ]);
  });

  it('100,000 tools of which one changed', { timeout: 240_000 }, () => {
    const schemas = Object.fromEntries(Array.from({ length: N }, (_, i) => [`tool_${i}`, { type: 'object', properties: { q: { type: 'string' } } }]));
    const before = bounded(() => snap(schemas), 60_000);
    const after = bounded(() => snap({ ...schemas, tool_99: { type: 'object', properties: { q: { type: 'integer' } } } }), 60_000);
    expect(rules(bounded(() => diffSnapshots(before, after), 60_000))).toEqual(['input-type-changed']);
  });
});

describe('patterns are compared as text, never compiled or run', () => {
  const withPattern = (pattern: string) => snap({ t: { type: 'object', properties: { s: { type: 'string', pattern } } } });
  it.each([
    ['a catastrophic pattern changed', '^(a+)+$', '^(a|a)*$'],
    ['a catastrophic pattern added by an edit', '^[a-z]+$', '^(([a-z])+.)+[A-Z]([a-z])+$'],
    ['an invalid pattern (would throw if compiled)', '[z-a](', '(?<'],
  ])('%s', (_name, before, after) => {
    const findings = bounded(() => diffSnapshots(withPattern(before), withPattern(after)));
    expect(rules(findings)).toEqual(['input-pattern-changed']);
    expect(bounded(() => diffSnapshots(withPattern(after), withPattern(after)))).toEqual([]);
  });
});

describe('external and remote $refs are never fetched', () => {
  let server: Server;
  let hits = 0;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/schema+json' }).end('{"type":"integer"}');
    });
    server.on('connection', () => hits++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => vi.restoreAllMocks());

  it('remote (http, https, on a listening loopback server), file: and relative $refs: no socket, no fetch, a finding that says so', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const refs = [url, `${url}#/$defs/X`, 'https://schemas.example.com/user.json', 'file:///etc/passwd', 'other.json#/$defs/A', '//evil.example/x', 'urn:uuid:1234'];
    const schema = (extra: Record<string, unknown>) => ({ type: 'object', properties: Object.fromEntries(refs.map((ref, i) => [`p${i}`, { $ref: ref }])), ...extra });
    const before = snap({ t: schema({}) });
    const after = snap({ t: schema({ required: ['p0'] }) });
    const findings = bounded(() => [...diffSnapshots(before, after), ...diffSnapshots(before, before)]);
    // Give any stray asynchronous fetch a chance to show itself.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connect).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(hits).toBe(0);
    expect(rules(findings)).toContain('input-required-property-added');
    // An unchanged unresolvable $ref is no finding; a changed one is flagged as compared by its text only.
    const retargeted = snap({ t: schema({}) });
    (retargeted.tools[0]!.inputSchema.properties as Record<string, { $ref: string }>).p0!.$ref = `${url}?v=2`;
    const changed = diffSnapshots(before, retargeted);
    expect(rules(changed)).toContain('schema-ref-unresolvable');
    expect(changed.find((f) => f.rule === 'schema-ref-unresolvable')!.message).toMatch(/nothing is fetched/);
    expect(connect).not.toHaveBeenCalled();
    expect(hits).toBe(0);
  });
});

describe('__proto__, constructor and prototype as names: plain names, no prototype pollution', () => {
  const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
  const payload = { polluted: 'yes', type: 'string' };

  it('as property names, $defs names, enum values and required entries: compared like any name', () => {
    const props = (type: string) => Object.fromEntries(NAMES.map((n) => [n, { ...payload, type }]));
    const text = (type: string, required: string[]) =>
      snapshotText({ t: { type: 'object', properties: props(type), required, $defs: Object.fromEntries(NAMES.map((n) => [n, payload])), additionalProperties: false } });
    const before = parseSnapshot(text('string', ['__proto__']), 'b');
    const after = parseSnapshot(text('integer', ['__proto__', 'constructor']), 'a');
    expect(Object.keys(before.tools[0]!.inputSchema.properties as object).sort()).toEqual([...NAMES].sort());
    const findings = bounded(() => diffSnapshots(before, after));
    const changedProps = findings.filter((f) => f.rule === 'input-type-changed').map((f) => f.pointer.before);
    expect(changedProps.sort()).toEqual(NAMES.map((n) => `/tools/0/inputSchema/properties/${n}/type`).sort());
    expect(findings.filter((f) => f.rule === 'input-required-property-added').map((f) => f.after)).toEqual(['constructor']);
    expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('as tool, prompt, argument and resource template names: removed, renamed and added by name', () => {
    const tools = (names: string[]) => names.map((name) => ({ name, description: `the ${name} tool`, inputSchema: { type: 'object', properties: Object.fromEntries([['__proto__', payload]]) } }));
    const raw = (names: string[], promptArgs: string[]) => ({
      format: 1,
      server: { name: '__proto__', version: '1' },
      // An own `__proto__` key (a literal `__proto__:` would set the prototype instead).
      capabilities: Object.fromEntries([['tools', {}], ['prompts', {}], ['resources', {}], ['__proto__', { polluted: 'yes' }]]),
      tools: tools(names),
      prompts: [{ name: 'constructor', arguments: promptArgs.map((name) => ({ name, required: true })) }],
      resourceTemplates: [{ name: 'prototype', uriTemplate: 'x://{__proto__}' }],
    });
    // JSON text, as from a file: JSON.parse makes `__proto__` an own key, which is how hostile input arrives.
    const before = parseSnapshot(JSON.stringify(raw(['__proto__', 'constructor', 'prototype'], ['__proto__'])), 'b');
    const after = parseSnapshot(JSON.stringify(raw(['constructor', 'toString'], ['__proto__', 'prototype'])), 'a');
    expect(before.tools.map((t) => t.name)).toEqual(['__proto__', 'constructor', 'prototype']);
    const findings = bounded(() => diffSnapshots(before, after));
    const surface = findings.filter((f) => f.subject.kind !== 'server').map((f) => `${f.rule} ${f.subject.kind}:${f.subject.name}`);
    // __proto__ and toString share a schema: a rename, named by the old name, whose message names the new one.
    expect(surface).toEqual(['tool-renamed tool:__proto__', 'tool-removed tool:prototype', 'prompt-required-argument-added prompt:constructor']);
    expect(findings.find((f) => f.rule === 'tool-renamed')!.message).toContain('toString');
    expect(diffSnapshots(before, parseSnapshot(serializeSnapshot(before), 'again'))).toEqual([]);
    expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  });

  it('a JSON text with "__proto__" keys everywhere parses to own keys and round-trips byte for byte', () => {
    const text = '{"format":1,"__proto__":{"polluted":"yes"},"server":{"name":"s","version":"1","__proto__":{"polluted":"yes"}},"capabilities":{"__proto__":{"polluted":"yes"}},"tools":[{"name":"__proto__","__proto__":{"polluted":"yes"},"inputSchema":{"type":"object","__proto__":{"polluted":"yes"},"properties":{"__proto__":{"__proto__":{"polluted":"yes"}}}},"annotations":{"__proto__":{"readOnlyHint":true}}}]}';
    const snapshot = parseSnapshot(text, 'proto.json');
    const bytes = serializeSnapshot(snapshot);
    expect(bytes).toContain('"__proto__"');
    expect(serializeSnapshot(parseSnapshot(bytes, 'again'))).toBe(bytes);
    expect(Object.getPrototypeOf(snapshot.tools[0]!.inputSchema)).toBe(Object.prototype);
    expect((snapshot.tools[0]!.inputSchema as Record<string, unknown>).polluted).toBeUndefined();
    expect((({}) as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a snapshot path that names something endless', () => {
  it.runIf(process.platform === 'linux')('/dev/zero: a UsageError at the size cap, not a read until memory runs out', async () => {
    const error = await readSnapshotSource('/dev/zero').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('/dev/zero: cannot read snapshot: larger than 268435456 bytes');
  });
});
