// Hostile AdmissionReviews for the webhook's limits (scripts/webhook-limits.mjs and test/hardening/webhook-limits.test.ts):
// snapshots that a careless or hostile Deployment editor can put in a pod template annotation, each a few KB.
import { gzipSync } from 'node:zlib';
import { deployment, updateReview } from './deployment-review.mjs';

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

/**
 * `levels` definitions, each an `allOf` of two `$ref`s to the next, the last a string (a number in the head): 2 KB,
 * but a naive walk visits 2^levels paths. 24 levels blocked the event loop for seconds and took RSS to 1.6 GB.
 */
export function defsChain(levels = 24) {
  const schema = (last) => {
    const defs = {};
    for (let i = 0; i < levels; i++) defs[`D${i}`] = { allOf: [{ $ref: `#/$defs/D${i + 1}` }, { $ref: `#/$defs/D${i + 1}` }] };
    defs[`D${levels}`] = { type: last };
    return { type: 'object', $defs: defs, properties: { x: { $ref: '#/$defs/D0' } }, required: ['x'] };
  };
  return {
    base: snapshot('1.0.0', [tool('zz', schema('string'))]),
    head: snapshot('2.0.0', [tool('zz', schema('number'))]),
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

/** The JSON text of an enum of 1.9 million "a"s, as JSON.stringify writes it. */
const BOMB_ENUM = `[${'"a",'.repeat(1_899_999)}"a"]`;

/**
 * A ~10 KB annotation that inflates to ~7.6 MB: an enum of 1.9 million "a"s; `tag` makes each one distinct. The
 * enum's text is spliced into the snapshot's JSON, not written by JSON.stringify per call (0.6 s each; a test sends
 * 100 of them): the same bytes.
 */
export function enumBomb(tag) {
  const json = JSON.stringify(snapshot('1.0.0', [tool('zz', { type: 'object', properties: { a: { enum: [] } } })], `-${tag}`));
  return gzipSync(json.replace('"enum":[]', `"enum":${BOMB_ENUM}`), { level: 9 }).toString('base64');
}

/** The AdmissionReview (as JSON text) of a Deployment update between two annotation values. */
export function reviewOfAnnotations(uid, baseAnnotation, headAnnotation) {
  const version = (annotation, image) => deployment({ name: 'hostile-mcp', image, annotation, replicas: 2 });
  return updateReview(uid, {
    object: version(headAnnotation, 'example/hostile:2'),
    oldObject: version(baseAnnotation, 'example/hostile:1'),
    userInfo: { username: 'careless-editor' },
  });
}

/** The AdmissionReview of a Deployment update between two snapshots. */
export const reviewOfPair = (uid, pair) => reviewOfAnnotations(uid, annotationOf(pair.base), annotationOf(pair.head));
