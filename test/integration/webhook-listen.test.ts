// Where the real webhook process listens and how it stops: every address (IPv6 and IPv4) unless --host names one,
// TLS 1.3 only, and a SIGTERM during start-up ends it at once, as PID 1 too (the image runs Node.js as PID 1,
// which the kernel does not kill for a signal it has no handler for).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { admit, bundleWebhook, httpsRequest, makePki, SERVICE_DNS, startWebhook, type Pki, type RunningWebhook } from '../fixtures/webhook/apiserver-caller.js';
import { review, snapshotV1, version } from '../fixtures/webhook/reviews.js';

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki.cleanup());

const metricsStatus = (host: string, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path: '/metrics', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

async function stopped(webhook: RunningWebhook): Promise<void> {
  webhook.child.kill('SIGKILL');
  await webhook.exited;
}

describe('listen address', () => {
  it('by default: admission reviews and metrics on IPv6 (::1) and IPv4 (127.0.0.1) alike', async () => {
    const webhook = await startWebhook(pki, [], {}, null);
    try {
      for (const host of ['::1', '127.0.0.1']) {
        const kept = version('Deployment', { snapshot: snapshotV1() });
        const answer = await admit(webhook.port, pki.ca, review('Deployment', { object: kept, oldObject: kept, uid: `uid-${host}` }), { host });
        expect(answer, host).toMatchObject({ uid: `uid-${host}`, allowed: true });
        expect(await metricsStatus(host, webhook.metricsPort), host).toBe(200);
      }
    } finally {
      await stopped(webhook);
    }
  });

  it('--host 127.0.0.1: IPv4 only, ::1 is refused', async () => {
    const webhook = await startWebhook(pki, [], {}, '127.0.0.1');
    try {
      expect((await httpsRequest(webhook.port, pki.ca, { host: '127.0.0.1', path: '/healthz' })).status).toBe(200);
      await expect(httpsRequest(webhook.port, pki.ca, { host: '::1', path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
      await expect(metricsStatus('::1', webhook.metricsPort)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await stopped(webhook);
    }
  });

  it('--host ::1: IPv6 only', async () => {
    const webhook = await startWebhook(pki, [], {}, '::1');
    try {
      expect((await httpsRequest(webhook.port, pki.ca, { host: '::1', path: '/healthz' })).status).toBe(200);
      await expect(httpsRequest(webhook.port, pki.ca, { host: '127.0.0.1', path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await stopped(webhook);
    }
  });
});

describe('TLS', () => {
  const handshake = (port: number, maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: pki.ca, servername: SERVICE_DNS, maxVersion }, () => {
        const protocol = socket.getProtocol() ?? '';
        socket.end();
        resolve(protocol);
      });
      socket.on('error', reject);
    });

  it('1.3 only: a TLS 1.2 client is refused, the apiserver (Go, 1.3 by default) is served', async () => {
    const webhook = await startWebhook(pki, []);
    try {
      expect(await handshake(webhook.port, 'TLSv1.3')).toBe('TLSv1.3');
      await expect(handshake(webhook.port, 'TLSv1.2')).rejects.toThrow(/protocol version|alert/i);
    } finally {
      await stopped(webhook);
    }
  });
});

describe('SIGTERM during start-up', () => {
  /** A port free now, to pass as --metrics-port: its listening tells that start-up has passed the signal handlers. */
  const freePort = (): Promise<number> =>
    new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });

  /**
   * Starts the webhook with its certificate read from a FIFO nobody writes, so start-up stops there (after the metrics
   * port is listening) for as long as the test wants; `wrap` runs it inside another command.
   */
  async function startStuck(wrap: string[]): Promise<{
    child: ReturnType<typeof spawn>;
    stdout: () => string;
    exited: Promise<{ code: number | null; signal: string | null }>;
    /** Ends the certificate read with EOF, as a slow mount eventually answers: a read blocked in the kernel holds the exit until it returns (Node.js joins its I/O threads at exit). */
    release: () => void;
    cleanup: () => void;
  }> {
    const fifo = join(pki.dir, `stuck-${Date.now()}.crt`);
    execFileSync('mkfifo', [fifo]);
    const metricsPort = await freePort();
    const [command, ...prefix] = [...wrap, inject('webhookNode')];
    const child = spawn(command!, [...prefix, await bundleWebhook(), '--host', '127.0.0.1', '--port', '0', '--metrics-port', String(metricsPort), '--tls-cert', fifo, '--tls-key', pki.keyFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Start-up has bound the metrics port and is now waiting on the FIFO.
    for (let i = 0; ; i++) {
      if (await metricsStatus('127.0.0.1', metricsPort).then(() => true, () => false)) break;
      if (i > 200) throw new Error(`the metrics port never listened: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const release = (): void => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    return { child, stdout: () => out, exited, release, cleanup: () => rmSync(fifo, { force: true }) };
  }

  /** Resolves to the exit, or to 'still running' after 10 s: the webhook itself takes milliseconds. */
  const within10s = <T>(p: Promise<T>): Promise<T | 'still running'> => Promise.race([p, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000))]);

  /** The handler's log line, within 10 s (it takes milliseconds); a signal nobody handles never writes it. */
  async function handled(stuck: { stdout: () => string }): Promise<void> {
    for (let i = 0; !stuck.stdout().includes('"msg":"stopping during start-up"'); i++) {
      if (i > 200) throw new Error(`no "stopping during start-up" within 10 s: ${stuck.stdout()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('exits at once, by its own handler (exit code 0, not killed by the signal)', async () => {
    const stuck = await startStuck([]);
    try {
      stuck.child.kill('SIGTERM');
      await handled(stuck);
      stuck.release();
      expect(await within10s(stuck.exited)).toEqual({ code: 0, signal: null });
      expect(stuck.stdout()).not.toContain('"msg":"listening"');
    } finally {
      stuck.child.kill('SIGKILL');
      stuck.cleanup();
    }
  });

  it('as PID 1 of its own PID namespace, as in the container: exits at once', async () => {
    // `unshare --pid --fork` runs the webhook as PID 1 of a new PID namespace (root only: CI runs as root).
    const stuck = await startStuck(['unshare', '--pid', '--fork', '--kill-child']);
    try {
      const children = `/proc/${stuck.child.pid}/task/${stuck.child.pid}/children`;
      expect(existsSync(children)).toBe(true);
      const webhookPid = Number(readFileSync(children, 'utf8').trim().split(/\s+/)[0]);
      expect(readFileSync(`/proc/${webhookPid}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
      process.kill(webhookPid, 'SIGTERM');
      await handled(stuck);
      stuck.release();
      expect(await within10s(stuck.exited)).toEqual({ code: 0, signal: null });
      expect(stuck.stdout()).not.toContain('"msg":"listening"');
    } finally {
      stuck.child.kill('SIGKILL');
      stuck.cleanup();
    }
  });
});
