import { randomUUID } from 'node:crypto';
import type { FileRepository, StoredFileRecord } from '../types';
import type { ContractStore } from './harness';
import type { RawSql } from './raw-sql';

export type UploadedFile = Pick<StoredFileRecord, 'id' | 'name' | 'size' | 'mime' | 'sha256'>;

function hasFiles(store: ContractStore): store is ContractStore & { files: FileRepository } {
  return 'files' in store;
}

/**
 * An uploaded file, pending its scan: through the store's file repository where it has one,
 * else written to the `files` table as that repository would (PostgreSQL has none yet).
 */
export async function uploadFile(
  store: ContractStore,
  sql: RawSql,
  uploaderId: string,
  file: Partial<UploadedFile> = {},
): Promise<UploadedFile> {
  const record = {
    uploaderId,
    name: file.name ?? 'report.pdf',
    size: file.size ?? 3,
    mime: file.mime ?? 'application/pdf',
    sha256: file.sha256 ?? 'a'.repeat(64),
    thumbnail: false,
    createdAt: 1,
  };
  if (hasFiles(store)) return store.files.create(record);
  const id = randomUUID();
  await sql(
    `INSERT INTO files (id, uploader_id, name, size, mime, sha256, scan, thumbnail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', false, ?)`,
    id,
    uploaderId,
    record.name,
    record.size,
    record.mime,
    record.sha256,
    record.createdAt,
  );
  return { id, ...record };
}
