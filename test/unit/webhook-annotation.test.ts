// The snapshot annotation codec: round trip through canonical bytes, and a bounded decode of hostile input.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { decodeSnapshotAnnotation, encodeSnapshotAnnotation, MAX_ANNOTATION_BYTES } from '../../src/snapshot/annotation.js';
import { snapshotToConfigMap } from '../../src/snapshot/configmap.js';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/index.js';
import { manyTools, snapshotV1 } from '../fixtures/webhook/reviews.js';

describe('snapshot annotation codec', () => {
  it('round-trips a snapshot to the same canonical bytes', () => {
    const snapshot = snapshotV1();
    const value = encodeSnapshotAnnotation(snapshot);
    expect(value).toMatch(/^H4sI[A-Za-z0-9+/]+=*$/); // gzip magic in base64
    expect(serializeSnapshot(decodeSnapshotAnnotation(value))).toBe(serializeSnapshot(snapshot));
  });

  it('a 100-tool snapshot fits an annotation with room to spare', () => {
    const value = encodeSnapshotAnnotation(manyTools(100, '1'));
    expect(value.length).toBeLessThan(MAX_ANNOTATION_BYTES / 10);
  });

  it('tolerates line breaks a YAML editor may fold into the value', () => {
    const value = encodeSnapshotAnnotation(snapshotV1()).replace(/(.{60})/g, '$1\n');
    expect(decodeSnapshotAnnotation(value).tools.map((t) => t.name)).toEqual(['get_alerts', 'get_forecast']);
  });

  it('stops inflating a gzip bomb at the cap instead of allocating it', () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024)).toString('base64');
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeSnapshotAnnotation(bomb, 'pod template', { maxDecodedBytes: 1024 * 1024 })).toThrow(
      new UsageError('pod template: the snapshot inflates to more than 1048576 bytes; refusing to decode it'),
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 1024 * 1024);
  });

  it.each([
    ['empty', '', /is empty/],
    ['not base64', 'a b c %%%', /not base64/],
    ['not gzip', Buffer.from('plain text').toString('base64'), /not gzip data/],
    ['truncated gzip', gzipSync(serializeSnapshot(snapshotV1())).subarray(0, 30).toString('base64'), /gzip data is corrupt/],
    ['too large', 'A'.repeat(MAX_ANNOTATION_BYTES + 4), /more than the 262144 allowed/],
  ])('rejects %s input with a one-line UsageError', (_name, value, message) => {
    let error: unknown;
    try {
      decodeSnapshotAnnotation(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('snapshotToConfigMap holds the canonical bytes under the default or a chosen key, labelled for the informer', () => {
    const cm = snapshotToConfigMap(snapshotV1(), 'weather-v1');
    expect(cm.metadata).toEqual({ name: 'weather-v1', labels: { 'mcp-drift-guard.io/snapshot': 'true' } });
    expect(parseSnapshot(cm.data['mcp-snapshot.json']!, 'cm')).toEqual(parseSnapshot(serializeSnapshot(snapshotV1()), 'x'));
    expect(Object.keys(snapshotToConfigMap(snapshotV1(), 'x', 'v1.json').data)).toEqual(['v1.json']);
  });
});
