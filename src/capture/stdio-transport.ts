// The stdio transport for capture: spawns the server (no shell), speaks newline-delimited JSON-RPC over its pipes,
// remembers how it exited and what it last wrote to stderr, and always ends it, its own children included.
import { spawn, type ChildProcess } from 'node:child_process';
import { deserializeMessage, serializeMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/client';
import { NestingGauge, TOO_DEEP } from './nesting.js';

const STDERR_TAIL_LINES = 20;
const NOISE_SAMPLES = 5;
/** One JSON-RPC message per line; a line beyond this is a broken server, not a big listing. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const TOO_LONG = `the server wrote a message larger than ${MAX_LINE_BYTES / (1024 * 1024)} MiB on stdout; gave up reading it`;
/** All of stdout together: the largest snapshot a reader accepts (MAX_SNAPSHOT_BYTES); endless pages stop here. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
/** How long a server gets to exit after its stdin closes (the MCP way to end a stdio server), then after SIGTERM. */
const STDIN_GRACE_MS = 300;
const TERM_GRACE_MS = 1_000;

export interface StdioServer {
  command: string;
  args: string[];
  cwd?: string;
  /** What the child inherits (default: this process's environment). */
  inheritEnv?: NodeJS.ProcessEnv;
  env?: Record<string, string>;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  byItself: boolean;
}

export class ChildProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  /** The unfinished line, as received: joined once when its newline arrives (appending each chunk is quadratic). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private received = 0;
  private readonly stderrLines: string[] = [];
  private stderrPartial = '';
  private exitInfo: ExitInfo | undefined;
  private signalled = false;
  private exited: Promise<void> = Promise.resolve();
  /** The first lines on stdout that were not JSON-RPC (servers that log to stdout); reported, never fatal. */
  readonly noise: string[] = [];
  /** How many such lines there were (a server may write millions; only a few are kept). */
  noiseLines = 0;
  /** Why the transport gave up on the server by itself (an oversized message), for the error message. */
  failure: string | undefined;

  constructor(private readonly server: StdioServer) {}

  /** The SDK's version negotiation treats a transport with `pid` and `stderr` as stdio (a silent probe = legacy). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get stderr(): NodeJS.ReadableStream | null {
    return this.child?.stderr ?? null;
  }

  /** How the process ended, once it has. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** True when the process ended without being signalled (closing its stdin, the MCP way to end it, counts). */
  get exitedOnItsOwn(): boolean {
    return this.exitInfo !== undefined && this.exitInfo.byItself;
  }

  /** The last lines the server wrote to stderr (for error messages). */
  get stderrTail(): string[] {
    const partial = this.stderrPartial.trim();
    return partial ? [...this.stderrLines, partial] : [...this.stderrLines];
  }

  start(): Promise<void> {
    if (this.child) throw new Error('ChildProcessTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.server.command, this.server.args, {
        cwd: this.server.cwd,
        // The child inherits the caller's environment (unlike the SDK's allow-list), plus --env additions.
        env: { ...(this.server.inheritEnv ?? process.env), ...this.server.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        // Its own process group, so that ending it also ends what it started (npx -> sh -> node).
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
      this.child = child;
      this.exited = new Promise((done) => child.once('exit', () => done()));
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, byItself: !this.signalled };
      });
      child.once('close', () => this.onclose?.());
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => this.keepStderr(text));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.exitInfo) return Promise.reject(new Error('the server process is not running'));
    return new Promise((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      if (!(await this.exitsWithin(STDIN_GRACE_MS))) {
        this.signalled = true;
        this.signal('SIGTERM');
        if (!(await this.exitsWithin(TERM_GRACE_MS))) {
          this.signal('SIGKILL');
          await this.exited;
        }
      }
    }
    // The group may hold grandchildren that outlive the leader; they get the same end.
    this.signal('SIGKILL');
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Waits up to `ms` for the process to end; true if it has. */
  async waitForExit(ms: number): Promise<boolean> {
    if (!this.child || this.exitInfo) return true;
    return this.exitsWithin(ms);
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child?.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }

  private receive(chunk: Buffer): void {
    if (this.failure) return;
    this.received += chunk.length;
    if (this.received > MAX_TOTAL_BYTES) {
      return this.overflow(`the server wrote more than ${MAX_TOTAL_BYTES / (1024 * 1024)} MiB on stdout in all; gave up reading it`);
    }
    let start = 0;
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, start)) {
      const tail = chunk.subarray(start, index);
      start = index + 1;
      if (this.pendingBytes + tail.length > MAX_LINE_BYTES) return this.overflow(TOO_LONG);
      const bytes = this.pendingBytes === 0 ? tail : Buffer.concat([...this.pending, tail]);
      this.pending = [];
      this.pendingBytes = 0;
      this.line(bytes);
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > MAX_LINE_BYTES) this.overflow(TOO_LONG);
    }
  }

  private line(bytes: Buffer): void {
    let first = 0;
    while (first < bytes.length && (bytes[first] === 0x20 || bytes[first] === 0x09 || bytes[first] === 0x0d)) first++;
    if (first === bytes.length) return;
    // A JSON-RPC message is a JSON object: anything else is noise, told apart without decoding or a throw (a server
    // may write millions of such lines).
    let message: JSONRPCMessage | undefined;
    if (bytes[first] === 0x7b) {
      // Before the SDK's recursive validation sees it: a message nested too deep would overflow the stack there.
      if (new NestingGauge().feed(bytes)) return this.overflow(TOO_DEEP);
      try {
        message = deserializeMessage(bytes.toString('utf8'));
      } catch {
        // Not JSON-RPC after all.
      }
    }
    if (message) return this.onmessage?.(message);
    // Servers that log to stdout: note the line for the report and go on, as MCP clients do.
    if (this.noiseLines++ < NOISE_SAMPLES) {
      const line = bytes.toString('utf8').replace(/\r$/, '');
      this.noise.push(line.length > 200 ? `${line.slice(0, 200)}...` : line);
    }
  }

  /**
   * A message beyond a cap (size, nesting) is a broken or hostile server: waiting for its end would hold unbounded memory, and
   * nothing after it can be trusted. End the server now; its closed pipes fail the request in flight at once.
   */
  private overflow(reason: string): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.failure = reason;
    this.onerror?.(new Error(this.failure));
    this.signalled = true;
    this.signal('SIGKILL');
    this.child?.stdout?.destroy();
  }

  private keepStderr(text: string): void {
    const lines = (this.stderrPartial + text).split('\n');
    this.stderrPartial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      this.stderrLines.push(line.trim());
      if (this.stderrLines.length > STDERR_TAIL_LINES) this.stderrLines.shift();
    }
  }
}
