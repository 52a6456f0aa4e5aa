// webhook/Dockerfile without a Docker engine: scripts/webhook-image.mjs sends the build context as Docker would
// (.dockerignore), runs the build stage's steps (npm ci from the lockfile, the esbuild bundle) and copies what the
// runtime stage copies. The tests check that context, the runtime stage's files and metadata against the
// Deployment, and run the runtime stage's one file, from a directory with nothing else, as a real HTTPS webhook.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { webhookNodeMajor } from '../../scripts/node-runtime.mjs';
import { buildContext, cachedImage } from '../../scripts/webhook-image.mjs';
import { admit, httpsRequest, makePki } from '../fixtures/webhook/apiserver-caller.js';
import { review, snapshotV1, version } from '../fixtures/webhook/reviews.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dockerfile = readFileSync('webhook/Dockerfile', 'utf8');
const deployment = parse(readFileSync('webhook/deploy/base/deployment.yaml', 'utf8')) as Json;
let image: ReturnType<typeof cachedImage>;

beforeAll(() => {
  // The first run installs the locked dependencies (npm ci) and bundles; later runs with the same inputs reuse it.
  image = cachedImage();
}, 900_000);

describe('the build context (.dockerignore at the repository root)', () => {
  const context = buildContext();

  it("holds the build stage's inputs: the manifest, the lockfile, the sources and the build script", () => {
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/esbuild-options.mjs', 'webhook/src/main.ts', 'src/errors.ts']) {
      expect(context, file).toContain(file);
    }
  });

  it("leaves out the host's node_modules, caches, build output, git and tests", () => {
    expect(existsSync('node_modules')).toBe(true);
    for (const prefix of ['node_modules/', '.cache/', 'dist/', '.git/', 'test/', 'action/', 'coverage/']) {
      expect(context.filter((f) => f.startsWith(prefix)), prefix).toEqual([]);
    }
  });
});

describe('the Dockerfile', () => {
  it('pins every base image by digest', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!);
    expect(bases).toHaveLength(2);
    for (const base of bases) expect(base).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('builds with the lockfile (npm ci) and runs Node.js of the major version the tests run the webhook on', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(image.image).toMatch(new RegExp(`/nodejs${webhookNodeMajor()}-`));
  });
});

describe('the runtime stage', () => {
  it('is the bundled webhook alone: no npm, no node_modules, no package', () => {
    expect(image.files).toEqual(['/app/webhook.js']);
    expect(image.entrypoint).toEqual(['/nodejs/bin/node', '/app/webhook.js']);
  });

  it('runs as the non-root user and exposes the ports the Deployment names', () => {
    const [uid, gid] = image.user.split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    expect(image.exposed.sort()).toEqual(pod.containers[0].ports.map((p: Json) => p.containerPort).sort());
  });

  it("the Deployment's preStop hook runs a program the image has (distroless: no shell, no sleep), and it ends", () => {
    const command = deployment.spec.template.spec.containers[0].lifecycle.preStop.exec.command as string[];
    expect(command[0]).toBe(image.entrypoint[0]);
    expect(execFileSync(inject('webhookNode'), command.slice(1), { encoding: 'utf8', timeout: 60_000 })).toBe('');
  }, 90_000);

  describe('its file, alone in a directory, run as the entrypoint does', () => {
    const pki = makePki();
    const app = mkdtempSync(join(tmpdir(), 'mdg-image-app-'));
    afterAll(() => {
      pki.cleanup();
      rmSync(app, { recursive: true, force: true });
    });
    /** The entrypoint with the image's paths mapped: node is the webhook's Node.js, /app/... the copied file. */
    const entrypoint = (): [string, string] => {
      const script = join(app, posix.basename(image.entrypoint[1]!));
      cpSync(join(image.root, ...image.entrypoint[1]!.split('/')), script);
      // Nothing to resolve a package from, here or above: the bundle must need none.
      for (let dir = app; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
      return [inject('webhookNode'), script];
    };

    it('answers an admission review over TLS', async () => {
      const [node, script] = entrypoint();
      const child = spawn(node, [script, '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile], {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const port = await new Promise<number>((resolve, reject) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg === 'listening') resolve(entry.port!);
          });
          child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
        });
        const kept = version('Deployment', { snapshot: snapshotV1() });
        expect(await admit(port, pki.ca, review('Deployment', { object: kept, oldObject: kept, uid: 'image-uid' }))).toMatchObject({ uid: 'image-uid', allowed: true });
        expect((await httpsRequest(port, pki.ca, { path: '/healthz' })).status).toBe(200);
        expect(stderr).toBe('');
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
});
