// `npm run demo`: the main job on the bundled example servers. Captures "weather" 1.0.0 and 2.0.0 (real MCP
// servers in test/fixtures/servers, over stdio), writes their snapshots and prints the diff. The demo shows; it
// does not gate, so it exits 0 even though the diff finds breaking changes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const cli = 'dist/cli.cjs';
if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime('src')) {
  console.error('demo: building the CLI (npm run build)…');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 2);
}

// The `$` line says what runs; the CLI's progress lines would only repeat it (--quiet).
function run(args) {
  console.log(`\n$ mcp-drift-guard ${args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env: process.env });
  return result.status;
}

mkdirSync('.demo', { recursive: true });
const versions = [
  ['v1', 'test/fixtures/servers/weather-v1-sdk1.mjs'],
  ['v2', 'test/fixtures/servers/weather-v2-sdk1.mjs'],
];
for (const [label, server] of versions) {
  const out = `.demo/weather-${label}.json`;
  const status = run(['snapshot', '--quiet', '--stdio', `node ${server}`, '-o', out]);
  if (status !== 0) {
    console.error(`demo: capturing ${server} failed (exit ${status})`);
    process.exit(status ?? 3);
  }
  const snapshot = JSON.parse(readFileSync(out, 'utf8'));
  const names = snapshot.tools.map((tool) => tool.name).join(', ');
  console.log(
    `${out}: ${snapshot.server.name} ${snapshot.server.version}: ${snapshot.tools.length} tools (${names}), ` +
      `${snapshot.prompts.length} prompts, ${snapshot.resourceTemplates.length} resource templates`,
  );
}
const status = run(['diff', '.demo/weather-v1.json', '.demo/weather-v2.json']);
console.error(`\ndemo: diff exited ${status} (1 = breaking changes found: a rolling update from v1 to v2 would break clients)`);
process.exit(status === 0 || status === 1 ? 0 : status ?? 2);
