// Types for scripts/esbuild-options.mjs, so TypeScript tests can share the build's bundle options.
import type { BuildOptions } from 'esbuild';

export const ROOT: string;
export const DEFINE: Record<string, string>;
export interface BundleSpec {
  entry: string;
  outfile: string;
  bin?: boolean;
  legalComments?: BuildOptions['legalComments'];
}
export function bundleOptions(spec: BundleSpec): BuildOptions;
export const BUNDLES: { webhook: BundleSpec; action: BundleSpec };
/** The CLI's three builds into `outdir` (default dist/): `errors` and `lazy` before `main`, which loads them. */
export function cliBuilds(outdir?: string): { errors: BuildOptions; lazy: BuildOptions; main: BuildOptions };
