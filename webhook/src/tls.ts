// Serving certificate from files, reloaded when they change on disk: cert-manager rotates the Secret and the
// kubelet swaps the mounted files through a `..data` symlink, so the directories are watched, not the files.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { UsageError } from '../../src/errors.js';

/**
 * TLS 1.3 only. Its callers are the kube-apiserver and the kubelet's probes, Go programs whose crypto/tls offers 1.3
 * by default since Go 1.13, years before Kubernetes 1.28 (which the webhook's matchConditions need): no caller
 * that can use this webhook is refused, and the older handshakes and cipher suites are gone.
 */
export const MIN_TLS_VERSION = 'TLSv1.3';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

/** Reads and checks the pair; a UsageError names the file or says the key does not match. */
export async function readKeyPair(files: CertificateFiles): Promise<KeyPair> {
  const read = (file: string): Promise<Buffer> =>
    readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
  const [cert, key] = await Promise.all([read(files.certFile), read(files.keyFile)]);
  try {
    // Throws on a key that does not match the certificate: catches a half-written rotation.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new UsageError(`${files.certFile} and ${files.keyFile} are not a usable key pair: ${(error as Error).message}`);
  }
  return { cert, key };
}

export interface CertificateWatcher {
  close(): void;
}

/**
 * Calls `apply` with the new key pair whenever the files change to a valid, different pair. A rotation caught
 * half-way (new cert, old key) fails validation and is retried on the next change or poll.
 */
export function watchKeyPair(
  files: CertificateFiles,
  current: KeyPair,
  apply: (pair: SecureContextOptions & KeyPair) => void,
  onError: (error: unknown) => void,
  pollMs = 30_000,
): CertificateWatcher {
  let last = current;
  let pending: NodeJS.Timeout | undefined;
  let closed = false;
  const check = (): void => {
    pending = undefined;
    readKeyPair(files).then(
      (pair) => {
        if (closed || (pair.cert.equals(last.cert) && pair.key.equals(last.key))) return;
        last = pair;
        apply(pair);
      },
      (error: unknown) => {
        if (!closed) onError(error);
      },
    );
  };
  // Writers touch both files in quick succession; wait for the burst to settle.
  const schedule = (): void => {
    if (closed) return;
    if (pending) clearTimeout(pending);
    pending = setTimeout(check, 100);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set([dirname(files.certFile), dirname(files.keyFile)])) {
    try {
      const w = watch(dir, { persistent: false }, schedule);
      w.on('error', onError);
      watchers.push(w);
    } catch (error) {
      onError(error);
    }
  }
  // Some volume types deliver no events; a slow poll is the safety net.
  const poll = setInterval(schedule, pollMs);
  poll.unref();
  return {
    close() {
      closed = true;
      clearInterval(poll);
      if (pending) clearTimeout(pending);
      for (const w of watchers) w.close();
    },
  };
}
