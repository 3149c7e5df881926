import type { StoredFileRecord } from '../types';
import type { ContractStore } from './harness';

export type UploadedFile = Pick<StoredFileRecord, 'id' | 'name' | 'size' | 'mime' | 'sha256'>;

/** An uploaded file, pending its scan. */
export function uploadFile(
  store: Pick<ContractStore, 'files'>,
  uploaderId: string,
  file: Partial<UploadedFile> & { createdAt?: number } = {},
): Promise<StoredFileRecord> {
  return store.files.create({
    uploaderId,
    name: file.name ?? 'report.pdf',
    size: file.size ?? 3,
    mime: file.mime ?? 'application/pdf',
    sha256: file.sha256 ?? 'a'.repeat(64),
    thumbnail: false,
    createdAt: file.createdAt ?? 1,
  });
}
