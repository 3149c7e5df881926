import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BearerSessions } from '../http/types';
import { TokenBuckets } from '../lib/token-buckets';
import type { Logger } from '../logger';
import { userRoom } from '../realtime/rooms';
import type { BeaconIo } from '../realtime/types';
import type { Store, StoredFileRecord } from '../store/types';
import { type ClamdAddress, ClamdClient, type Scanner } from './clamd-client';
import { FsBlobStore } from './fs-blob-store';
import { fileRoutes, type UploadLimiter } from './routes';
import { ScanWorker } from './scan-worker';
import { FileService, toFileRecord } from './service';

/** Debian's clamav-daemon socket: used when no scanner is configured and it exists. */
export const DEBIAN_CLAMD_SOCKET = '/var/run/clamav/clamd.ctl';

export interface FilesConfig {
  dataDir: string;
  fileMaxBytes: number;
  /** A path: that UNIX socket; null: no scanner; undefined: `DEBIAN_CLAMD_SOCKET` if it exists. */
  clamdSocket?: string | null | undefined;
  clamdHost?: string | undefined;
  clamdPort: number;
  clamdTimeoutMs: number;
  scanRetryBaseMs: number;
  scanRetryMaxMs: number;
  /** Uploads per user (all sessions together): a token bucket. */
  uploadRateLimit: { ratePerSecond: number; burst: number };
}

export interface FilesDeps {
  store: Store;
  io: BeaconIo;
  sessions: Pick<BearerSessions, 'resolve'>;
  config: FilesConfig;
  logger: Logger;
  now: () => number;
  /** Default: a per-user token bucket of `config.uploadRateLimit`. */
  limiter?: UploadLimiter;
}

export interface InstalledFiles {
  readonly blobs: FsBlobStore;
  /** Null when no virus scanner is configured (files then stay pending). */
  readonly scanner: Scanner | null;
  close(): Promise<void>;
}

/** Where the scanner is, from the config (see `FilesConfig.clamdSocket`). */
export function clamdAddressOf(config: FilesConfig): ClamdAddress | null {
  if (config.clamdHost) return { host: config.clamdHost, port: config.clamdPort };
  if (typeof config.clamdSocket === 'string') return { socket: config.clamdSocket };
  if (config.clamdSocket === undefined && existsSync(DEBIAN_CLAMD_SOCKET))
    return { socket: DEBIAN_CLAMD_SOCKET };
  return null;
}

/**
 * Files on a running server: the routes, the blob store under `<data-dir>/files/`, and the scan
 * worker that scans every pending file and tells those who can see it. Call before the server
 * listens (Fastify takes routes until it is ready).
 */
export async function installFiles(app: FastifyInstance, deps: FilesDeps): Promise<InstalledFiles> {
  const { store, io, config, logger, now } = deps;
  const blobs = new FsBlobStore(join(config.dataDir, 'files'));
  const address = clamdAddressOf(config);
  const scanner = address ? new ClamdClient(address, { timeoutMs: config.clamdTimeoutMs }) : null;

  const onScanned = async (files: StoredFileRecord[]) => {
    for (const file of files) {
      io.to(userRoom(file.uploaderId)).emit('file:scanned', { file: toFileRecord(file) });
      for (const ref of await store.files.messagesWith(file.id)) {
        if (ref.viewerIds.length === 0) continue;
        const { messages } = await store.messages.history(ref.conversationId, {
          afterSeq: ref.seq - 1,
          beforeSeq: ref.seq + 1,
          limit: 1,
        });
        const message = messages[0];
        if (message) io.to(ref.viewerIds.map(userRoom)).emit('message:updated', { message });
      }
    }
  };
  const worker = scanner
    ? new ScanWorker({
        files: store.files,
        blobs,
        scanner,
        logger,
        now,
        onScanned,
        retryBaseMs: config.scanRetryBaseMs,
        retryMaxMs: config.scanRetryMaxMs,
      })
    : null;
  if (scanner) logger.info({ scanner: scanner.description }, 'virus scanning of uploaded files enabled');
  else
    logger.warn(
      'no virus scanner configured (--clamd-socket or --clamd-host): uploaded files stay pending and cannot be downloaded',
    );

  const service = new FileService({
    files: store.files,
    blobs,
    logger,
    now,
    maxBytes: config.fileMaxBytes,
    onUploaded: () => worker?.nudge(),
  });
  // Per user (the token bucket keyed by user id, as realtime/user-rate-limit.ts does for sockets).
  const buckets = new TokenBuckets(config.uploadRateLimit, now);
  await app.register(fileRoutes, {
    sessions: deps.sessions,
    service,
    blobs,
    limiter: deps.limiter ?? { take: (userId) => buckets.take(userId) },
    maxBytes: config.fileMaxBytes,
  });
  worker?.start();
  return {
    blobs,
    scanner,
    async close() {
      await worker?.stop();
    },
  };
}
