// Types for scripts/lib/hostile-reviews.mjs, so TypeScript tests send the same hostile reviews as the limits script.
import type { Snapshot } from '../../src/snapshot/types.js';

export interface SnapshotPair {
  base: Snapshot;
  head: Snapshot;
}
export function annotationOf(snapshot: Snapshot): string;
export function breakingWith(schema: Record<string, unknown>): SnapshotPair;
export function refBesideKeywords(): SnapshotPair;
export const REF_CHAIN_SHAPES: readonly string[];
export function refChain(shape: string, hops: number, leaf?: string): Record<string, unknown>;
export function chainedUpdate(shape: string, hops: number): SnapshotPair;
export function wideUnion(options?: number): SnapshotPair;
export function enumBomb(tag: string | number): string;
export function reviewOfAnnotations(uid: string, baseAnnotation: string | undefined, headAnnotation: string | undefined): string;
export function reviewOfPair(uid: string, pair: SnapshotPair): string;
