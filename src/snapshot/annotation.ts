// The pod-template annotation codec: a snapshot as gzip + base64 of its canonical bytes, and a bounded decode.
// The webhook decodes annotations written by anyone who can edit a Deployment, so decoding caps every size.
import { gunzipSync, gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { parseSnapshot, serializeSnapshot } from './index.js';
import type { Snapshot } from './types.js';

/** Pod-template annotation holding the snapshot itself (gzip + base64). */
export const SNAPSHOT_ANNOTATION = 'mcp-drift-guard.io/snapshot';
/** Pod-template annotation naming a ConfigMap (`NAME` or `NAME/KEY`) in the workload's namespace. */
export const SNAPSHOT_CONFIGMAP_ANNOTATION = 'mcp-drift-guard.io/snapshot-configmap';

/** Kubernetes caps all annotations of an object together at 256 KiB; one annotation cannot be larger. */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/** Decompressed size cap: a canonical snapshot of thousands of tools fits; a gzip bomb does not. */
export const MAX_DECODED_SNAPSHOT_BYTES = 8 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The annotation value for a snapshot: gzip (level 9) of the canonical bytes, base64. */
export function encodeSnapshotAnnotation(snapshot: Snapshot): string {
  return gzipSync(Buffer.from(serializeSnapshot(snapshot), 'utf8'), { level: 9 }).toString('base64');
}

export interface DecodeLimits {
  maxAnnotationBytes?: number;
  maxDecodedBytes?: number;
}

/**
 * Decodes an annotation value back into a snapshot. Throws UsageError (one line) when the value is too large,
 * not base64, not gzip, inflates beyond the cap, or is not a snapshot.
 */
export function decodeSnapshotAnnotation(value: string, source = SNAPSHOT_ANNOTATION, limits: DecodeLimits = {}): Snapshot {
  const maxAnnotation = limits.maxAnnotationBytes ?? MAX_ANNOTATION_BYTES;
  const maxDecoded = limits.maxDecodedBytes ?? MAX_DECODED_SNAPSHOT_BYTES;
  const text = value.replace(/\s+/g, '');
  if (text.length === 0) throw new UsageError(`${source}: the annotation is empty`);
  if (text.length > maxAnnotation) {
    throw new UsageError(`${source}: the annotation is ${text.length} bytes, more than the ${maxAnnotation} allowed`);
  }
  if (!BASE64.test(text)) throw new UsageError(`${source}: the annotation is not base64`);
  const compressed = Buffer.from(text, 'base64');
  if (compressed.length < 2 || compressed[0] !== 0x1f || compressed[1] !== 0x8b) {
    throw new UsageError(`${source}: the annotation is not gzip data (expected gzip + base64 of a snapshot)`);
  }
  let json: Buffer;
  try {
    // maxOutputLength makes zlib stop inflating at the cap instead of allocating whatever a bomb asks for.
    json = gunzipSync(compressed, { maxOutputLength: maxDecoded });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (error instanceof RangeError)) {
      throw new UsageError(`${source}: the snapshot inflates to more than ${maxDecoded} bytes; refusing to decode it`);
    }
    throw new UsageError(`${source}: the gzip data is corrupt (${(error as Error).message})`);
  }
  return parseSnapshot(json.toString('utf8'), source);
}
