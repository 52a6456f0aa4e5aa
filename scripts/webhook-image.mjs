// Runs webhook/Dockerfile's steps without a Docker engine, so the tests can check what the image would hold and
// run it: the build context as Docker sends it (the repository root filtered by .dockerignore, with Docker's
// rules: @balena/dockerignore), each stage's COPY, WORKDIR and RUN into a directory of its own (RUN by `sh -c`,
// with the Node.js of the image's major version first on PATH), and the runtime stage's files. What it cannot
// do is the base images' own contents: the runtime stage may only copy files in and set metadata (distroless has
// no shell to RUN with). `node scripts/webhook-image.mjs` prints the runtime stage's files and entrypoint.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import { DockerfileParser } from 'dockerfile-ast';
import { ROOT } from './esbuild-options.mjs';
import { nodeBinary, webhookNodeMajor } from './node-runtime.mjs';

const DOCKERFILE = join(ROOT, 'webhook/Dockerfile');

/** The files (paths relative to the repository root, `/`-separated) that `docker build .` would send. */
export function buildContext() {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
  const ignore = dockerignore().add(patterns);
  // Docker descends into an excluded directory only when an exception pattern (`!...`) may match below it.
  const exceptions = patterns
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).replace(/^\/+/, ''));
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ignore.ignores(`${path}/`) && !exceptions.some((e) => e.startsWith(`${path}/`) || e.startsWith(path))) continue;
        walk(path);
      } else if (!ignore.ignores(path)) files.push(path);
    }
  };
  walk('');
  return files.sort();
}

function parseStages() {
  const stages = [];
  for (const instruction of DockerfileParser.parse(readFileSync(DOCKERFILE, 'utf8')).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [image, , name] = instruction.getArgumentsContent().split(/\s+/);
      stages.push({ image, name, steps: [] });
      continue;
    }
    const json = typeof instruction.getJSONStrings === 'function' ? instruction.getJSONStrings().map((s) => s.getJSONValue()) : [];
    const flags = Object.fromEntries((instruction.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue()]));
    stages.at(-1).steps.push({ keyword, args: instruction.getArgumentsContent(), json, flags });
  }
  return stages;
}

/** The directory standing for path `p` of a stage whose filesystem is `root`. */
const inside = (root, p) => join(root, ...posix.normalize(p).split('/').filter(Boolean));

function copyInto(sources, fromRoot, toRoot, dest, workdir) {
  const target = posix.isAbsolute(dest) ? dest : posix.join(workdir, dest);
  for (const source of sources) {
    const from = fromRoot === null ? join(ROOT, source) : inside(fromRoot, source);
    // A source directory's content goes into the destination (Docker's COPY); a file into a directory if dest ends in /.
    const to = dest.endsWith('/') || sources.length > 1 ? inside(toRoot, posix.join(target, posix.basename(source))) : inside(toRoot, target);
    if (statSync(from).isDirectory()) cpSync(from, inside(toRoot, target), { recursive: true });
    else {
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}

/**
 * Builds every stage into `out/<stage>/` and returns the runtime (last) stage: its directory, files, user and
 * entrypoint. The context is staged first (only its files), so `COPY . .` copies exactly what Docker would.
 */
function buildImage(out) {
  const stages = parseStages();
  const context = join(out, 'context');
  for (const file of buildContext()) copyInto([file], null, context, file, '/');
  const node = nodeBinary(webhookNodeMajor());
  const env = { ...process.env, PATH: `${dirname(node.path)}:${process.env.PATH}`, npm_config_update_notifier: 'false' };
  const built = new Map();
  let last;
  stages.forEach((stage, index) => {
    const runtime = index === stages.length - 1;
    const root = join(out, stage.name ?? `stage${index}`);
    mkdirSync(root, { recursive: true });
    let workdir = '/';
    const result = { root, image: stage.image, user: 'root', entrypoint: [], exposed: [] };
    for (const step of stage.steps) {
      switch (step.keyword) {
        case 'WORKDIR':
          workdir = posix.resolve(workdir, step.args);
          mkdirSync(inside(root, workdir), { recursive: true });
          break;
        case 'COPY': {
          const words = step.args.split(/\s+/).filter((w) => !w.startsWith('--'));
          const dest = words.pop();
          const from = step.flags.from === undefined ? null : built.get(step.flags.from)?.root;
          if (from === undefined) throw new Error(`COPY --from=${step.flags.from}: no such stage`);
          copyInto(words, from ?? context, root, dest, workdir);
          break;
        }
        case 'RUN':
          if (runtime) throw new Error('the runtime stage may not RUN: its base has no shell');
          execFileSync('sh', ['-c', step.args], { cwd: inside(root, workdir), env, stdio: ['ignore', 'pipe', 'inherit'] });
          break;
        case 'USER':
          result.user = step.args;
          break;
        case 'EXPOSE':
          result.exposed = step.args.split(/\s+/).map(Number);
          break;
        case 'ENTRYPOINT':
          if (step.json.length === 0) throw new Error('ENTRYPOINT must be the JSON form: the shell form needs a shell');
          result.entrypoint = step.json;
          break;
        default:
          throw new Error(`webhook/Dockerfile: ${step.keyword} is not handled here`);
      }
    }
    built.set(stage.name ?? String(index), result);
    last = result;
  });
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(last.root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.push(`/${path}`);
    }
  };
  walk('');
  return { ...last, files: files.sort() };
}

/**
 * buildImage() into .cache/webhook-image/<hash of the Dockerfile and the context's files>/, kept for the next call
 * with the same inputs (Docker's layer cache does the same): the suite runs twice, on two Node.js versions.
 */
export function cachedImage() {
  const hash = createHash('sha256').update(readFileSync(DOCKERFILE));
  for (const file of buildContext()) hash.update(file).update('\0').update(readFileSync(join(ROOT, file)));
  const dir = join(ROOT, '.cache', 'webhook-image', hash.digest('hex').slice(0, 16));
  const manifest = join(dir, 'image.json');
  if (!existsSync(manifest)) {
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    const image = buildImage(partial);
    // Only the runtime stage is kept; the build stage's node_modules would be most of the cache.
    const kept = join(partial, 'image');
    renameSync(image.root, kept);
    for (const entry of readdirSync(partial)) if (entry !== 'image') rmSync(join(partial, entry), { recursive: true, force: true });
    writeFileSync(join(partial, 'image.json'), JSON.stringify({ ...image, root: undefined }));
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    // Builds of earlier inputs are never asked for again.
    for (const entry of readdirSync(dirname(dir))) {
      if (entry !== basename(dir) && !entry.includes('.partial-')) rmSync(join(dirname(dir), entry), { recursive: true, force: true });
    }
  }
  return { ...JSON.parse(readFileSync(manifest, 'utf8')), root: join(dir, 'image') };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const image = cachedImage();
  console.log(JSON.stringify({ image: image.image, user: image.user, entrypoint: image.entrypoint, exposed: image.exposed, files: image.files }, null, 2));
}
