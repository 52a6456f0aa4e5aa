// Types for scripts/esbuild-options.mjs, so TypeScript tests can share the build's bundle options.
import type { BuildOptions } from 'esbuild';

export const ROOT: string;
export const DEFINE: Record<string, string>;
export interface BundleSpec {
  entry: string;
  outfile: string;
  bin?: boolean;
  split?: boolean;
  legalComments?: BuildOptions['legalComments'];
}
export function bundleOptions(spec: BundleSpec): BuildOptions;
export const BUNDLES: { cli: BundleSpec; webhook: BundleSpec; action: BundleSpec };
