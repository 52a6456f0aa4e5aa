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
/** The CLI's four builds into `outdir` (default dist/): `start` (cli.cjs) loads `main`, which loads `errors` and `lazy`. */
export function cliBuilds(outdir?: string): { start: BuildOptions; errors: BuildOptions; lazy: BuildOptions; main: BuildOptions };
