// Hostile AdmissionReviews for the webhook's limits (scripts/webhook-limits.mjs and test/hardening/webhook-limits.test.ts):
// snapshots that a careless or hostile Deployment editor can put in a pod template annotation, each a few KB.
import { gzipSync } from 'node:zlib';

const tool = (name, inputSchema) => ({ name, description: `The ${name} tool.`, inputSchema });
const plain = () => ({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });

function snapshot(version, tools, tag = '') {
  return { format: 1, server: { name: `hostile${tag}`, version }, capabilities: { tools: {} }, tools, prompts: [], resourceTemplates: [] };
}

/** gzip + base64 of the compact JSON (the 8 MB decode cap is on the inflated bytes, so no indentation). */
export const annotationOf = (s) => gzipSync(JSON.stringify(s), { level: 9 }).toString('base64');

/** A breaking update (v2 removes a tool) whose new snapshot carries `schema` as a tool's input schema. */
export function breakingWith(schema) {
  return {
    base: snapshot('1.0.0', [tool('gone', plain()), tool('zz', plain())]),
    head: snapshot('2.0.0', [tool('zz', schema)]),
  };
}

/** `$ref` to the root beside other keywords: overflowed the engine's stack (issue 12 point 1). */
export const refBesideKeywords = () => breakingWith({ type: 'object', $ref: '#' });

/** How definition i of a `$ref` chain (refChain) wraps its reference to definition i + 1. */
const CHAIN_LINKS = {
  $ref: (ref) => ({ $ref: ref }),
  properties: (ref) => ({ type: 'object', properties: { next: { $ref: ref } } }),
  items: (ref) => ({ type: 'array', items: { $ref: ref } }),
  allOf: (ref) => ({ allOf: [{ $ref: ref }, { minLength: 1 }] }),
  anyOf: (ref) => ({ anyOf: [{ $ref: ref }, { type: 'null' }] }),
  oneOf: (ref) => ({ oneOf: [{ $ref: ref }, { type: 'null' }] }),
  not: (ref) => ({ not: { $ref: ref } }),
  additionalProperties: (ref) => ({ type: 'object', additionalProperties: { $ref: ref } }),
  // A cycle: the last definition refers to the first, and each has a property of the leaf's type.
  'mutual recursion': (ref, leaf) => ({ type: 'object', properties: { next: { $ref: ref }, v: { type: leaf } } }),
};
export const REF_CHAIN_SHAPES = Object.keys(CHAIN_LINKS);

/**
 * An object schema whose property `x` enters a chain of `hops` `$defs`, each wrapping a `$ref` to the next as `shape`
 * says (REF_CHAIN_SHAPES), the last `{type: leaf}`. Small JSON nesting, but a walk that follows `$ref`s by recursion
 * goes `hops` deep: 1,000 overflowed the engine's stack (issue 12).
 */
export function refChain(shape, hops, leaf = 'string') {
  const link = CHAIN_LINKS[shape];
  if (!link) throw new Error(`unknown $ref chain shape ${shape}`);
  const cycle = shape === 'mutual recursion';
  const defs = {};
  for (let i = 0; i < hops; i++) {
    const last = i === hops - 1;
    defs[`A${i}`] = last && !cycle ? { type: leaf } : link(`#/$defs/A${last ? 0 : i + 1}`, leaf);
  }
  return { type: 'object', properties: { x: { $ref: '#/$defs/A0' } }, $defs: defs };
}

/** An update whose one tool keeps its refChain but changes the chain's leaf from a string to a number. */
export function chainedUpdate(shape, hops) {
  return {
    base: snapshot('1.0.0', [tool('chained', refChain(shape, hops, 'string'))]),
    head: snapshot('2.0.0', [tool('chained', refChain(shape, hops, 'number'))]),
  };
}

/**
 * One tool whose argument is an `anyOf` of `options` distinct objects (a `kind` const each), the head tightening a
 * `maxLength` in every option: ~34 KB for 300 options. Matching options pairwise is options^2 comparisons, each a few
 * steps: 300 options take the diff over its work budget (1,000,000 steps), 200 stay under it (measured).
 */
export function wideUnion(options = 300) {
  const schema = (maxLength) => ({
    type: 'object',
    properties: {
      q: {
        anyOf: Array.from({ length: options }, (_, i) => ({ type: 'object', properties: { kind: { const: `k${i}` }, v: { type: 'string', maxLength } }, required: ['kind'] })),
      },
    },
  });
  return {
    base: snapshot('1.0.0', [tool('wide', schema(5))]),
    head: snapshot('2.0.0', [tool('wide', schema(4))]),
  };
}

/** A ~10 KB annotation that inflates to ~7.6 MB: an enum of 1.9 million "a"s; `tag` makes each one distinct. */
export function enumBomb(tag) {
  const s = snapshot('1.0.0', [tool('zz', { type: 'object', properties: { a: { enum: new Array(1_900_000).fill('a') } } })], `-${tag}`);
  return annotationOf(s);
}

function deployment(annotation, image) {
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'hostile-mcp', namespace: 'shop', labels: { app: 'hostile-mcp', 'mcp-drift-guard.io/enabled': 'true' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'hostile-mcp' } },
      template: {
        metadata: { labels: { app: 'hostile-mcp' }, annotations: annotation === undefined ? {} : { 'mcp-drift-guard.io/snapshot': annotation } },
        spec: { containers: [{ name: 'server', image }] },
      },
      strategy: { type: 'RollingUpdate' },
    },
  };
}

/** The AdmissionReview (as JSON text) of a Deployment update between two annotation values. */
export function reviewOfAnnotations(uid, baseAnnotation, headAnnotation) {
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'hostile-mcp',
      namespace: 'shop',
      operation: 'UPDATE',
      userInfo: { username: 'careless-editor' },
      object: deployment(headAnnotation, 'example/hostile:2'),
      oldObject: deployment(baseAnnotation, 'example/hostile:1'),
      dryRun: false,
    },
  });
}

/** The AdmissionReview of a Deployment update between two snapshots. */
export const reviewOfPair = (uid, pair) => reviewOfAnnotations(uid, annotationOf(pair.base), annotationOf(pair.head));
