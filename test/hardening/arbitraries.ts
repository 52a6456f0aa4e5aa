// fast-check arbitraries for the hardening properties: JSON-Schema-ish values (fc.letrec, with local, dangling
// and remote `$ref`s and hostile names such as `__proto__`), tools, snapshots, snapshot pairs and key shuffles.
import fc from 'fast-check';
import { normalizeSnapshot } from '../../src/snapshot/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { random as mulberry32 } from '../fixtures/diff/generate.js';

/** Names that are also Object.prototype members or JSON-Pointer specials: a diff must treat them as plain names. */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a/b', 'til~de', ''] as const;
const PROPERTY_NAMES = ['city', 'count', 'tags', 'next', ...HOSTILE_NAMES];
const TOOL_NAMES = ['get_forecast', 'get_alerts', 'search', '__proto__', 'constructor', 'prototype', 'toString', 'a b', 'ns/tool~1'];
const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'];

/** Own-property objects from entries: `__proto__` stays a key (as JSON.parse makes it), never the prototype. */
function objectOf<T>(entries: fc.Arbitrary<[string, T][]>): fc.Arbitrary<Record<string, T>> {
  return entries.map((pairs) => Object.fromEntries(pairs));
}

function entriesOf<T>(keys: readonly string[], value: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<[string, T][]> {
  return fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), value), { maxLength, selector: ([key]) => key });
}

export const jsonPrimitive = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null));
export const jsonValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const REFS = ['#', '#/$defs/A', '#/$defs/B', '#/definitions/A', '#/$defs/missing', '#/properties/__proto__', 'https://schemas.example.com/x.json', 'other.json#/$defs/A', 'file:///etc/passwd', '#/$defs/A/properties/%5F%5Fproto%5F%5F'];

export const { schema: schemaArb } = fc.letrec<{ schema: unknown; leaf: unknown; object: unknown; array: unknown; combinator: unknown; ref: unknown }>((tie) => ({
  schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('object'), tie('array'), tie('combinator'), tie('ref'), fc.boolean()),
  leaf: fc.record(
    {
      type: fc.oneof(fc.constantFrom(...TYPES), fc.subarray(TYPES, { minLength: 1, maxLength: 3 })),
      description: fc.constantFrom('a', 'b', 'The city.'),
      title: fc.constantFrom('T', 'U'),
      enum: fc.array(jsonPrimitive, { minLength: 1, maxLength: 4 }),
      const: jsonPrimitive,
      minimum: fc.integer({ min: -5, max: 5 }),
      exclusiveMaximum: fc.integer({ min: -5, max: 5 }),
      maxLength: fc.nat(6),
      multipleOf: fc.constantFrom(1, 2, 0.5),
      // Compared as text, never run: a catastrophic pattern must cost nothing.
      pattern: fc.constantFrom('^a', '^(a+)+$', '(x+x+)+y', '[0-9]{3}'),
      format: fc.constantFrom('uri', 'date-time', 'email'),
      default: jsonValue,
    },
    { requiredKeys: [] },
  ),
  object: fc.record(
    {
      type: fc.constant('object'),
      properties: objectOf(entriesOf(PROPERTY_NAMES, tie('schema'), 4)),
      required: fc.subarray(PROPERTY_NAMES, { maxLength: 3 }),
      additionalProperties: fc.oneof(fc.boolean(), tie('schema')),
      propertyNames: fc.constant({ pattern: '^[a-z]+$' }),
    },
    { requiredKeys: ['type'] },
  ),
  array: fc.record(
    { type: fc.constant('array'), items: tie('schema'), minItems: fc.nat(3), maxItems: fc.nat(5), uniqueItems: fc.boolean(), prefixItems: fc.array(tie('schema'), { maxLength: 2 }) },
    { requiredKeys: ['type'] },
  ),
  combinator: fc.oneof(
    fc.tuple(fc.constantFrom('anyOf', 'oneOf', 'allOf'), fc.array(tie('schema'), { minLength: 1, maxLength: 3 })).map(([k, v]) => ({ [k]: v })),
    tie('schema').map((s) => ({ not: s })),
    fc.tuple(tie('schema'), tie('schema'), tie('schema')).map(([i, t, e]) => ({ if: i, then: t, else: e })),
  ),
  ref: fc.tuple(fc.constantFrom(...REFS), fc.option(fc.constantFrom('a', 'b'))).map(([ref, description]) => (description === null ? { $ref: ref } : { $ref: ref, description })),
}));

/** A tool's root schema: an object with properties, plus `$defs` the `$ref`s above can point at (A and B may cycle). */
export const rootSchemaArb = fc
  .record({
    properties: objectOf(entriesOf(PROPERTY_NAMES, schemaArb, 4)),
    required: fc.subarray(PROPERTY_NAMES, { maxLength: 3 }),
    additionalProperties: fc.option(fc.boolean(), { nil: undefined }),
    defs: fc.option(fc.record({ A: schemaArb, B: schemaArb }), { nil: undefined }),
  })
  .map(({ properties, required, additionalProperties, defs }) => ({
    type: 'object',
    properties,
    required,
    ...(additionalProperties === undefined ? {} : { additionalProperties }),
    ...(defs ? { $defs: defs } : {}),
  }));

export const toolBodyArb = fc.record(
  {
    description: fc.constantFrom('Gets the forecast.', 'Gets it.', ''),
    inputSchema: rootSchemaArb,
    outputSchema: fc.oneof(rootSchemaArb, schemaArb.filter((s) => typeof s === 'object')),
    annotations: fc.record({ readOnlyHint: fc.boolean(), destructiveHint: fc.boolean(), idempotentHint: fc.boolean(), openWorldHint: fc.boolean() }, { requiredKeys: [] }),
    title: fc.constantFrom('Forecast', 'Weather'),
  },
  { requiredKeys: ['inputSchema'] },
);

const promptArb = fc.record({
  name: fc.constantFrom('summarise', 'plan', '__proto__', 'constructor'),
  description: fc.constantFrom('p', 'q'),
  arguments: fc.uniqueArray(fc.record({ name: fc.constantFrom('topic', 'style', '__proto__'), required: fc.boolean() }), { maxLength: 3, selector: (a) => a.name }),
});

const templateArb = fc.record({
  name: fc.constantFrom('file', 'row', 'prototype'),
  uriTemplate: fc.constantFrom('file:///{path}', 'db://{table}/{id}', 'x://{a}'),
  mimeType: fc.constantFrom('text/plain', 'application/json'),
});

const capabilitiesArb = fc.record({ tools: fc.constant({}), prompts: fc.constant({}), resources: fc.record({ subscribe: fc.boolean() }), logging: fc.constant({}) }, { requiredKeys: [] });

/** A raw snapshot as a file could hold it (before canonicalisation). */
export const rawSnapshotArb = fc.record({
  format: fc.constant(1),
  server: fc.record({ name: fc.constantFrom('weather', '__proto__'), version: fc.constantFrom('1.0.0', '2.0.0') }),
  capabilities: capabilitiesArb,
  tools: fc.uniqueArray(fc.tuple(fc.constantFrom(...TOOL_NAMES), toolBodyArb).map(([name, body]) => ({ name, ...body })), { maxLength: 4, selector: (t) => t.name }),
  prompts: fc.uniqueArray(promptArb, { maxLength: 2, selector: (p) => p.name }),
  resourceTemplates: fc.uniqueArray(templateArb, { maxLength: 2, selector: (t) => t.name }),
});

/** As JSON.parse would hand it over (own `__proto__` keys included), then canonical. */
export const toSnapshot = (raw: unknown): Snapshot => normalizeSnapshot(JSON.parse(JSON.stringify(raw)));

export const snapshotArb = rawSnapshotArb.map(toSnapshot);

/**
 * Two versions of one server: the same tool names, each tool either unchanged or with a new body, plus tools only
 * on one side, so both the schema walker and the surface rules (removed, renamed, added) get exercised.
 */
export const snapshotPairArb = fc
  .record({
    base: rawSnapshotArb,
    changes: fc.array(fc.option(toolBodyArb, { freq: 2 }), { minLength: 4, maxLength: 4 }),
    extra: fc.uniqueArray(fc.tuple(fc.constantFrom('new_tool', 'renamed_forecast', 'hasOwnProperty'), toolBodyArb).map(([name, body]) => ({ name, ...body })), {
      maxLength: 2,
      selector: (t) => t.name,
    }),
    dropFirst: fc.boolean(),
    head: fc.option(rawSnapshotArb, { freq: 4 }),
  })
  .map(({ base, changes, extra, dropFirst, head }) => {
    const headTools = base.tools.map((tool, i) => (changes[i] ? { name: tool.name, ...changes[i] } : tool)).slice(dropFirst ? 1 : 0);
    const headRaw = head ?? { ...base, server: { ...base.server, version: '2.0.0' }, tools: [...headTools, ...extra] };
    return { base: toSnapshot(base), head: toSnapshot(headRaw) };
  });

/** The same value with every object's keys in a random order (arrays keep theirs). */
export function keyShuffled<T>(value: T, seed: number): T {
  // A deterministic PRNG, so a shuffle is reproducible from fast-check's seed.
  const next = mulberry32(seed);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v).map(([k, x]) => [k, walk(x)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries);
  };
  return walk(value) as T;
}

/**
 * `raw` with the noise SDKs add, at places chosen from `seed`: a `$schema` dialect URL, zod's +-MAX_SAFE_INTEGER
 * bounds on integers, `required` out of order, and the default execution `{taskSupport: "forbidden"}`.
 * Canonicalisation removes all of it: the result's canonical bytes are those of `raw`.
 */
export function withSdkNoise<T extends { tools: unknown[] }>(raw: T, seed: number): T {
  const next = mulberry32(seed);
  const copy = JSON.parse(JSON.stringify(raw)) as T;
  const schema = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const s = value as Record<string, unknown>;
    if (next() < 0.3) s.$schema = 'http://json-schema.org/draft-07/schema#';
    if (s.type === 'integer' && next() < 0.5) {
      s.minimum ??= -Number.MAX_SAFE_INTEGER;
      s.maximum ??= Number.MAX_SAFE_INTEGER;
    }
    if (Array.isArray(s.required) && s.required.length > 1 && next() < 0.5) s.required = [...(s.required as string[])].reverse();
    for (const key of ['items', 'additionalProperties', 'not']) schema(s[key]);
    for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (Array.isArray(s[key])) (s[key] as unknown[]).forEach(schema);
    if (s.properties !== null && typeof s.properties === 'object') Object.values(s.properties).forEach(schema);
  };
  for (const tool of copy.tools as Record<string, unknown>[]) {
    schema(tool.inputSchema);
    schema(tool.outputSchema);
    if (tool.execution === undefined && next() < 0.5) tool.execution = { taskSupport: 'forbidden' };
  }
  return copy;
}
