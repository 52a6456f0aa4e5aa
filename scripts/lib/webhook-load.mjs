// The load the webhook scripts (bench-webhook, soak-webhook) put on the bundled admission webhook: one realistic
// AdmissionReview, a throwaway PKI made with openssl, and the webhook process on 127.0.0.1 over TLS.
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { deployment, updateReview } from './deployment-review.mjs';

export const HOST = '127.0.0.1';
/** The Service name the serving certificate is issued for; callers send it as the TLS servername. */
export const SERVICE = 'mcp-drift-guard-webhook.mcp-drift-guard.svc';

// --- the review: a Deployment update between two 100-tool snapshots that breaks clients (full diff + denial) ---

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

const VERBS = ['Searches', 'Lists', 'Fetches', 'Updates', 'Archives', 'Summarises', 'Exports', 'Validates', 'Tags', 'Ranks', 'Merges'];
const NOUNS = ['customer', 'invoice', 'ticket', 'order', 'shipment', 'contract', 'product', 'review', 'payment', 'incident', 'asset', 'lead', 'campaign'];

/** A tool as real servers publish them: several typed, described, bounded arguments; some with output schemas. */
function tool(i, { extraRequired = false } = {}) {
  const name = `tool_${String(i).padStart(3, '0')}`;
  const inputSchema = {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What to look for.', minLength: 1, maxLength: 512 },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Maximum results.' },
      order: { type: 'string', enum: ['asc', 'desc', 'relevance'], description: 'Sort order.' },
      filters: {
        type: 'object',
        properties: { since: { type: 'string', format: 'date-time' }, tags: { type: 'array', items: { type: 'string' }, maxItems: 20 } },
        additionalProperties: false,
      },
      ...(extraRequired ? { tenant: { type: 'string', description: 'Tenant id, now mandatory.' } } : {}),
    },
    required: extraRequired ? ['query', 'tenant'] : ['query'],
    additionalProperties: false,
  };
  return {
    name,
    title: `Tool ${i}`,
    description: `${VERBS[i % VERBS.length]} ${NOUNS[(i * 7) % NOUNS.length]} records in the ${name} index (shard ${(i * 37) % 101}); returns matches with scores, highlights and cursors for paging.`,
    inputSchema,
    ...(i % 3 === 0
      ? { outputSchema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, score: { type: 'number' } }, required: ['id'] } } }, required: ['items'] } }
      : {}),
    annotations: { readOnlyHint: true, openWorldHint: false },
  };
}

function snapshot(version, tools) {
  return sortKeys({ format: 1, server: { name: 'catalog', version }, capabilities: { tools: { listChanged: true } }, tools, prompts: [], resourceTemplates: [] });
}

const annotation = (s) => gzipSync(JSON.stringify(s, null, 2) + '\n', { level: 9 }).toString('base64');

/** What the webhook (enforce mode, no policy) decides for a review of a release pair. */
export const RELEASE_DECISION = 'deny (2 tools removed, 1 new required argument)';

/**
 * A release pair: 2.0.0 removes two tools, gives one a required argument and rewords one description. `tag` makes
 * the versions and the reworded description unique, so the webhook has never seen the pair's snapshots.
 */
export function releasePair(tag = '') {
  const base = snapshot(`1.0.0${tag}`, Array.from({ length: 100 }, (_, i) => tool(i)));
  const headTools = Array.from({ length: 100 }, (_, i) => tool(i, { extraRequired: i === 7 })).filter((t) => t.name !== 'tool_042' && t.name !== 'tool_099');
  headTools[10].description = `Searches everything${tag}.`;
  return { base, head: snapshot(`2.0.0${tag}`, headTools) };
}

/**
 * The AdmissionReview the apiserver sends for the Deployment update from pair.base to pair.head, as a function of
 * its uid. The two Deployments (and their compressed snapshot annotations) are built once, not per review.
 */
export function releaseReview(pair) {
  const version = (snap, image) => deployment({ name: 'catalog-mcp', image, annotation: annotation(snap), replicas: 3 });
  const object = version(pair.head, 'ghcr.io/example/catalog-mcp:2.0.0');
  const oldObject = version(pair.base, 'ghcr.io/example/catalog-mcp:1.0.0');
  const userInfo = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] };
  return (uid) => updateReview(uid, { object, oldObject, userInfo });
}

// --- PKI and the webhook process ---

function openssl(opensslArgs, cwd) {
  execFileSync('openssl', opensslArgs, { cwd, stdio: 'pipe' });
}

/**
 * A CA and a serving certificate for SERVICE and HOST in `dir`. `rotate()` issues a new serving pair over the
 * files in place and returns its SHA-256 fingerprint (`first` is the first pair's).
 */
export function makePki(dir) {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=webhook load CA'], dir);
  writeFileSync(join(dir, 'san.ext'), `subjectAltName=DNS:${SERVICE},IP:${HOST}\nextendedKeyUsage=serverAuth\n`);
  const issue = () => {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'next.key', '-out', 'tls.csr', '-subj', `/CN=${SERVICE}`], dir);
    openssl(['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'next.crt', '-days', '1', '-extfile', 'san.ext'], dir);
    // Key first, then cert, as a Secret volume update may land: a reader in between sees a mismatched pair.
    writeFileSync(join(dir, 'tls.key'), readFileSync(join(dir, 'next.key')));
    writeFileSync(join(dir, 'tls.crt'), readFileSync(join(dir, 'next.crt')));
    return new X509Certificate(readFileSync(join(dir, 'tls.crt'))).fingerprint256;
  };
  const first = issue();
  return { ca: readFileSync(join(dir, 'ca.crt')), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), first, rotate: issue };
}

/**
 * Starts the bundled webhook on HOST (ephemeral ports, enforce mode) with the PKI's pair and `args` appended.
 * `listening` resolves with the webhook's `listening` log entry once its self-test has run. With `onLog`, every log entry is parsed and
 * handed to it; without, the logs after `listening` are drained unread, so parsing them does not load the caller.
 */
export function startWebhook(bundle, pki, { args = [], onLog } = {}) {
  const child = spawn(
    process.execPath,
    [bundle, '--host', HOST, '--port', '0', '--metrics-port', '0', '--tls-cert', pki.certFile, '--tls-key', pki.keyFile, '--mode', 'enforce', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    let listeningEntry;
    lines.on('line', (line) => {
      const entry = JSON.parse(line);
      onLog?.(entry);
      if (entry.msg === 'listening') listeningEntry = entry;
      // Ready once the self-test went through a booted review worker, as the apiserver would only call a ready pod.
      if (typeof entry.msg !== 'string' || !entry.msg.startsWith('the admission self-test')) return;
      resolve(listeningEntry);
      if (onLog) return;
      // readline's close() pauses the stream; resume it, or the webhook blocks writing its logs.
      lines.close();
      child.stdout.on('data', () => {});
      child.stdout.resume();
    });
    void exited.then(({ code }) => reject(new Error(`the webhook exited (${code}) before listening: ${stderr}`)));
  });
  return { child, exited, listening };
}
