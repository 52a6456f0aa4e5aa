// Witnesses: each breaking schema finding's `example` really is valid under one schema and rejected by the other
// (checked here with Ajv, independently of the engine), over the whole rule catalogue and the shapes of issue 11.
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotPairArb } from '../hardening/arbitraries.js';
import { SCHEMA_CASES, snapshot } from '../fixtures/diff/cases.js';
import { schemaSnapshots, type Area } from '../fixtures/diff/run.js';
import { diffSnapshots, diffWithExamples } from '../../src/diff/index.js';
import { MAX_WITNESS_TOOLS } from '../../src/diff/schema/witness.js';
import type { Finding } from '../../src/diff/types.js';
import type { Snapshot, Tool } from '../../src/snapshot/types.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

const options = { strict: false, allowUnionTypes: true, logger: false, addUsedSchema: false, validateSchema: false } as const;
const draft2020 = new Ajv2020(options);
const draft07 = new Ajv(options);
addFormats(draft2020);
addFormats(draft07 as unknown as Ajv2020);
const compiled = new WeakMap<object, (value: unknown) => boolean>();

/** Ajv for a schema (2020-12, MCP's default, or draft-07 for one written in its style: array-form items); throws if neither compiles. */
function compileSchema(schema: Record<string, unknown>): (value: unknown) => boolean {
  const { $schema: _, ...body } = schema;
  let validate;
  try {
    validate = draft2020.compile(body);
  } catch {
    validate = draft07.compile(body);
  }
  return (v: unknown) => validate(v) === true;
}

/** Every object key anywhere in a value. */
function keysIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysIn(v, into);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) keysIn(v, into.add(k));
  return into;
}

/** The schema without the `properties` entries named by none of `keys`: entries that cannot affect a value without those keys. */
function withoutOtherProperties(schema: unknown, keys: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutOtherProperties(s, keys));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (['const', 'enum', 'default', 'examples'].includes(k)) out[k] = v;
    else if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v))
      out[k] = Object.fromEntries(Object.entries(v).filter(([name]) => keys.has(name) || name in Object.prototype).map(([name, s]) => [name, withoutOtherProperties(s, keys)]));
    else out[k] = withoutOtherProperties(v, keys);
  }
  return out;
}

/**
 * An independent validator (the engine's is not trusted here). A schema Ajv cannot compile whole (a $ref that
 * resolves nowhere, or `$ref: "#"`, which Ajv with addUsedSchema off does not resolve, inside a property) is judged as the product judges it: without the properties the value does
 * not have, which cannot change whether it is valid. If that does not compile either, the product had to give a
 * reason, not an example, and this throws.
 */
function valid(schema: unknown, value: unknown): boolean {
  if (typeof schema === 'boolean') return schema;
  const key = schema as object;
  let check = compiled.get(key);
  if (!check) {
    try {
      check = compileSchema(schema as Record<string, unknown>);
    } catch {
      return compileSchema(withoutOtherProperties(schema, keysIn(value)) as Record<string, unknown>)(value);
    }
    compiled.set(key, check);
  }
  return check(value);
}

function schemaOf(snapshot: Snapshot, area: Area): unknown {
  const tool = snapshot.tools[0]!;
  return area === 'input' ? tool.inputSchema : tool.outputSchema;
}

/** Every breaking finding's example checked both ways; returns the findings for further checks. */
function checkExamples(base: Snapshot, head: Snapshot, findings: Finding[], area: Area): void {
  for (const f of findings) {
    if (f.severity !== 'breaking' || !f.rule.startsWith(`${area}-`)) {
      expect(f.example).toBeUndefined();
      continue;
    }
    expect('example' in f || typeof f.noExample === 'string', `${f.rule} has an example or a reason`).toBe(true);
    if (!('example' in f)) continue;
    const [from, to] = area === 'input' ? [base, head] : [head, base];
    expect(valid(schemaOf(from, area), f.example), `${f.rule}: ${JSON.stringify(f.example)} valid ${area === 'input' ? 'before' : 'after'}`).toBe(true);
    expect(valid(schemaOf(to, area), f.example), `${f.rule}: ${JSON.stringify(f.example)} invalid ${area === 'input' ? 'after' : 'before'}`).toBe(false);
  }
}

describe('witnesses over the rule catalogue', () => {
  for (const [group, cases] of Object.entries(SCHEMA_CASES)) {
    for (const c of cases) {
      for (const area of (c.inputOnly ? ['input'] : ['input', 'output']) as Area[]) {
        it(`${group}: ${c.name} as ${area}`, async () => {
          const { base, head } = schemaSnapshots(area, c.before, c.after);
          const findings = await diffWithExamples(base, head);
          checkExamples(base, head, findings, area);
        });
      }
    }
  }
});

/** Tool input/output schemas of one tool before and after; the example must exist and be a real witness. */
async function witnessed(area: Area, before: unknown, after: unknown): Promise<Finding[]> {
  const tool = (schema: unknown): Tool => (area === 'input' ? { name: 't', inputSchema: schema as Tool['inputSchema'] } : { name: 't', inputSchema: { type: 'object' }, outputSchema: schema as Tool['inputSchema'] });
  const base = snapshot({ tools: [tool(before)] });
  const head = snapshot({ tools: [tool(after)] });
  const findings = await diffWithExamples(base, head);
  checkExamples(base, head, findings, area);
  const breaking = findings.filter((f) => f.severity === 'breaking');
  expect(breaking.length).toBeGreaterThan(0);
  for (const f of breaking) expect(f.noExample, `${f.rule} has an example`).toBeUndefined();
  return breaking;
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

describe('witnesses for the shapes of issue 11', () => {
  it('an enum value removed: the removed value, with every required argument present', async () => {
    const [f] = await witnessed(
      'input',
      obj({ q: { type: 'string' }, safesearch: { type: 'string', enum: ['off', 'moderate', 'strict'] } }, { required: ['q'] }),
      obj({ q: { type: 'string' }, safesearch: { type: 'string', enum: ['off', 'strict'] } }, { required: ['q'] }),
    );
    expect(f!.example).toEqual({ q: 'x', safesearch: 'moderate' });
  });

  const shapes: [string, unknown, unknown][] = [
    ['const changed', obj({ v: { const: 'v1' } }), obj({ v: { const: 'v2' } })],
    ['type narrowed', obj({ n: { type: ['string', 'null'] } }), obj({ n: { type: 'string' } })],
    ['number to integer', obj({ n: { type: 'number' } }), obj({ n: { type: 'integer' } })],
    ['required added', obj({ city: { type: 'string' } }), obj({ city: { type: 'string' } }, { required: ['city'] })],
    ['property removed from a closed object', obj({ a: { type: 'string' }, b: { type: 'integer' } }, { additionalProperties: false }), obj({ a: { type: 'string' } }, { additionalProperties: false })],
    ['additionalProperties closed', obj({ a: { type: 'string' } }), obj({ a: { type: 'string' } }, { additionalProperties: false })],
    ['minimum raised', obj({ n: { type: 'integer', minimum: 1 } }), obj({ n: { type: 'integer', minimum: 5 } })],
    ['exclusiveMaximum added', obj({ n: { type: 'number', maximum: 10 } }), obj({ n: { type: 'number', exclusiveMaximum: 10 } })],
    ['maxLength lowered', obj({ s: { type: 'string', maxLength: 10 } }), obj({ s: { type: 'string', maxLength: 3 } })],
    ['minLength raised', obj({ s: { type: 'string' } }), obj({ s: { type: 'string', minLength: 2 } })],
    ['minItems raised', obj({ l: { type: 'array', items: { type: 'string' } } }), obj({ l: { type: 'array', items: { type: 'string' }, minItems: 2 } })],
    ['maxItems lowered', obj({ l: { type: 'array', items: { type: 'integer' }, maxItems: 5 } }), obj({ l: { type: 'array', items: { type: 'integer' }, maxItems: 1 } })],
    ['uniqueItems added', obj({ l: { type: 'array', items: { type: 'string' } } }), obj({ l: { type: 'array', items: { type: 'string' }, uniqueItems: true } })],
    ['pattern added', obj({ code: { type: 'string' } }), obj({ code: { type: 'string', pattern: '^[A-Z]{3}$' } })],
    ['format added', obj({ when: { type: 'string' } }), obj({ when: { type: 'string', format: 'date' } })],
    ['multipleOf added', obj({ n: { type: 'number' } }), obj({ n: { type: 'number', multipleOf: 2 } })],
    [
      'nested in an array of objects',
      obj({ rows: { type: 'array', items: obj({ kind: { enum: ['a', 'b'] }, id: { type: 'integer' } }, { required: ['id'] }) } }, { required: ['rows'] }),
      obj({ rows: { type: 'array', items: obj({ kind: { enum: ['a'] }, id: { type: 'integer' } }, { required: ['id'] }) } }, { required: ['rows'] }),
    ],
    [
      'behind a $ref',
      { type: 'object', properties: { where: { $ref: '#/$defs/place' } }, required: ['where'], $defs: { place: obj({ city: { type: 'string' }, zip: { type: 'string', maxLength: 10 } }, { required: ['city'] }) } },
      { type: 'object', properties: { where: { $ref: '#/$defs/place' } }, required: ['where'], $defs: { place: obj({ city: { type: 'string' }, zip: { type: 'string', maxLength: 5 } }, { required: ['city'] }) } },
    ],
    [
      'an anyOf branch removed',
      obj({ id: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] } }),
      obj({ id: { anyOf: [{ type: 'string' }, { type: 'null' }] } }),
    ],
    [
      'inside an anyOf branch',
      obj({ v: { anyOf: [obj({ kind: { const: 'a' }, n: { type: 'integer', maximum: 10 } }, { required: ['kind'] }), { type: 'string' }] } }),
      obj({ v: { anyOf: [obj({ kind: { const: 'a' }, n: { type: 'integer', maximum: 5 } }, { required: ['kind'] }), { type: 'string' }] } }),
    ],
    ['not widened to exclude more', obj({ s: { type: 'string', not: { const: 'a' } } }), obj({ s: { type: 'string', not: { enum: ['a', 'b'] } } })],
    ['a tuple position narrowed', obj({ p: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } }), obj({ p: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } })],
    ['an additionalProperties schema narrowed', obj({}, { additionalProperties: { type: ['string', 'number'] } }), obj({}, { additionalProperties: { type: 'string' } })],
  ];
  for (const [name, before, after] of shapes) {
    it(`${name} (input)`, () => witnessed('input', before, after));
    it(`${name}, reversed (output)`, () => witnessed('output', after, before));
  }

  it('an output example is a result the new schema allows and the old one rejects', async () => {
    const [f] = await witnessed('output', obj({ status: { enum: ['ok', 'error'] } }, { required: ['status'] }), obj({ status: { enum: ['ok', 'error', 'pending'] } }, { required: ['status'] }));
    expect(f!.example).toEqual({ status: 'pending' });
  });

  it('no witness can exist: the finding says why instead of showing a false one', async () => {
    // ^[A-Z]{3}$ -> ^[A-Z]{2,3}$ is reported incomparable, but every old value still matches: no example is possible.
    const base = snapshot({ tools: [{ name: 't', inputSchema: obj({ c: { type: 'string', pattern: '^[A-Z]{3}$' } }) }] });
    const head = snapshot({ tools: [{ name: 't', inputSchema: obj({ c: { type: 'string', pattern: '^[A-Z]{2,3}$' } }) }] });
    const [f] = (await diffWithExamples(base, head)).filter((x) => x.severity === 'breaking');
    expect(f!.example).toBeUndefined();
    expect(f!.noExample).toMatch(/^none of the \d+ values built from the two schemas is accepted by the old one and rejected by the new one/);
  });

  it('a schema the validator cannot compile (a remote $ref) gives a reason, not an example', async () => {
    const before = obj({ a: { $ref: 'https://example.com/a.json' }, n: { type: 'integer' } }, { required: ['a'] });
    const after = obj({ a: { $ref: 'https://example.com/a.json' }, n: { type: 'integer', maximum: 1 } }, { required: ['a'] });
    const base = snapshot({ tools: [{ name: 't', inputSchema: before }] });
    const head = snapshot({ tools: [{ name: 't', inputSchema: after }] });
    const [f] = (await diffWithExamples(base, head)).filter((x) => x.severity === 'breaking');
    expect(f!.noExample).toMatch(/^the validator cannot compile the old schema/);
  });

  it('diffSnapshots stays synchronous and leaves examples out', () => {
    const base = snapshot({ tools: [{ name: 't', inputSchema: obj({ a: { enum: ['x', 'y'] } }) }] });
    const head = snapshot({ tools: [{ name: 't', inputSchema: obj({ a: { enum: ['x'] } }) }] });
    const [f] = diffSnapshots(base, head);
    expect(f!.severity).toBe('breaking');
    expect('example' in f! || 'noExample' in f!).toBe(false);
  });
});

/** Every example among `findings` checked against the tool's schemas, by an independent validator; returns how many. */
function checkAll(base: Snapshot, head: Snapshot, findings: Finding[]): number {
  let examples = 0;
  for (const f of findings) {
    if (!('example' in f)) continue;
    const area: Area = f.rule.startsWith('input-') ? 'input' : 'output';
    const [from, to] = area === 'input' ? [base, head] : [head, base];
    const schema = (s: Snapshot) => {
      const tool = s.tools.find((t) => t.name === f.subject.name)!;
      return area === 'input' ? tool.inputSchema : tool.outputSchema;
    };
    expect(f.severity).toBe('breaking');
    expect(valid(schema(from), f.example), `${f.rule} ${JSON.stringify(f.example)}`).toBe(true);
    expect(valid(schema(to), f.example), `${f.rule} ${JSON.stringify(f.example)}`).toBe(false);
    examples++;
  }
  return examples;
}

// Satisfiable shapes with small random edits: where witnesses exist, so the property is not vacuous.
const leafArb = fc.oneof(
  fc.record({ type: fc.constant('string'), maxLength: fc.nat(6), minLength: fc.nat(2), format: fc.constantFrom('date', 'email') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constantFrom('integer', 'number'), minimum: fc.integer({ min: -3, max: 3 }), maximum: fc.integer({ min: 3, max: 9 }), multipleOf: fc.constantFrom(1, 2) }, { requiredKeys: ['type'] }),
  fc.record({ enum: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 1, 2, null), { minLength: 1, maxLength: 4 }) }),
  fc.record({ const: fc.constantFrom('a', 1, true) }),
  fc.record({ type: fc.constant('array'), items: fc.record({ type: fc.constantFrom('string', 'integer') }), maxItems: fc.nat(3), minItems: fc.nat(2), uniqueItems: fc.boolean() }, { requiredKeys: ['type'] }),
  fc.record({ anyOf: fc.array(fc.record({ type: fc.constantFrom('string', 'integer', 'null', 'boolean') }), { minLength: 1, maxLength: 3 }) }),
);
const NAMES = ['a', 'b', 'c', 'd'];
const objectArb = fc.record({
  properties: fc.dictionary(fc.constantFrom(...NAMES), leafArb, { maxKeys: 4 }),
  required: fc.subarray(NAMES),
  additionalProperties: fc.boolean(),
});
const toolSchema = (o: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean }) => ({
  type: 'object',
  properties: o.properties,
  required: o.required.filter((n) => n in o.properties),
  ...(o.additionalProperties ? {} : { additionalProperties: false }),
});

describe('property: a reported witness really is one', () => {
  it('on satisfiable object schemas with random edits, as input and as output', async () => {
    let examples = 0;
    await fc.assert(
      fc.asyncProperty(objectArb, objectArb, fc.boolean(), async (before, after, output) => {
        const tool = (o: typeof before): Tool =>
          output ? { name: 't', inputSchema: { type: 'object' }, outputSchema: toolSchema(o) } : { name: 't', inputSchema: toolSchema(o) as Tool['inputSchema'] };
        const base = snapshot({ tools: [tool(before)] });
        const head = snapshot({ tools: [tool(after)] });
        examples += checkAll(base, head, await diffWithExamples(base, head));
      }),
      { numRuns: 100 },
    );
    expect(examples).toBeGreaterThan(30);
  }, 120_000);

  it('on the hardening suite hostile generated snapshot pairs', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotPairArb, async ({ base, head }) => {
        checkAll(base, head, await diffWithExamples(base, head));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('witness budget', () => {
  it('examples for the first MAX_WITNESS_TOOLS tools by name, a reason for the rest', async () => {
    const tools = (maximum: number) => Array.from({ length: MAX_WITNESS_TOOLS + 3 }, (_, i) => ({ name: `t${String(i).padStart(2, '0')}`, inputSchema: obj({ n: { type: 'integer', maximum } }) }));
    const findings = await diffWithExamples(snapshot({ tools: tools(9) }), snapshot({ tools: tools(5) }));
    const withExample = findings.filter((f) => 'example' in f).map((f) => f.subject.name);
    expect(withExample).toEqual(tools(5).slice(0, MAX_WITNESS_TOOLS).map((t) => t.name));
    expect(findings.filter((f) => f.noExample?.startsWith('not computed'))).toHaveLength(3);
  });
});

describe('witness cost', () => {
  // A validator tries every option of every union a value reaches: 24 levels of anyOf of two $refs to the next are
  // 2^24 paths per check. The comparison is memoised and quick; the example step must not be the part that never ends.
  const chain = (leaf: Record<string, unknown>, levels: number) => {
    const $defs: Record<string, unknown> = { [`L${levels}`]: leaf };
    for (let i = 0; i < levels; i++) $defs[`L${i}`] = { anyOf: [{ $ref: `#/$defs/L${i + 1}` }, { $ref: `#/$defs/L${i + 1}` }] };
    return { type: 'object', properties: { q: { $ref: '#/$defs/L0' } }, $defs };
  };
  const pair = (levels: number) =>
    [snapshot({ tools: [{ name: 't', inputSchema: chain({ type: 'string', maxLength: 5 }, levels) }] }), snapshot({ tools: [{ name: 't', inputSchema: chain({ type: 'string', maxLength: 4 }, levels) }] })] as const;

  it('a 24-level chain of unions of $refs gets a reason, not minutes of checking', async () => {
    const findings = await diffWithExamples(...pair(24));
    expect(findings.map((f) => [f.rule, f.noExample])).toEqual([['input-max-length-tightened', expect.stringMatching(/more than 20,000 paths/)]]);
  }, 60_000);

  it('a short chain of the same shape still gets its example', async () => {
    const [base, head] = pair(4);
    const findings = await diffWithExamples(base, head);
    expect(findings.map((f) => f.rule)).toEqual(['input-max-length-tightened']);
    checkAll(base, head, findings);
    expect(findings[0]!.example).toEqual({ q: expect.stringMatching(/^.{5}$/) });
  });
});
