// `npm run bench`: builds the bundles, compiles the TypeScript benchmark with esbuild and runs it; prints JSON.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
await build({
  entryPoints: ['scripts/bench/main.ts'],
  outfile: '.bench/main.mjs',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
await import(new URL('../.bench/main.mjs', import.meta.url).href);
if (existsSync('scripts/bench-webhook.mjs')) {
  execFileSync(process.execPath, ['scripts/bench-webhook.mjs'], { stdio: 'inherit' });
}
