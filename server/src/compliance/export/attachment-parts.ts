import type { BlobStore } from '../../files/blob-store';
import type { FileRepository } from '../../store/ports/files';
import type { ArchivedFile } from '../entries';
import type { AttachmentPart } from './eml-mail';
import type { AttachmentMode } from './request';

export interface AttachmentSources {
  files: Pick<FileRepository, 'byId'>;
  /** Null: no blob store at hand, every attachment is a reference. */
  blobs: Pick<BlobStore, 'open'> | null;
}

/**
 * What goes into a mail for each attachment. `reference`: nothing but its name, size and
 * SHA-256. `inline`: the bytes, but only of a file scanned clean, then and now; an infected,
 * quarantined, unscanned or missing file is never attached, only referenced with its state.
 */
export async function attachmentParts(
  files: readonly ArchivedFile[],
  mode: AttachmentMode,
  sources: AttachmentSources,
): Promise<AttachmentPart[]> {
  const parts: AttachmentPart[] = [];
  for (const file of files) {
    if (mode === 'reference') {
      parts.push({ file, omitted: 'not attached (by reference: SHA-256)' });
      continue;
    }
    parts.push(await inlinePart(file, sources));
  }
  return parts;
}

async function inlinePart(file: ArchivedFile, sources: AttachmentSources): Promise<AttachmentPart> {
  if (file.scan === 'infected') return { file, omitted: 'not attached: infected' };
  const record = file.fileId ? await sources.files.byId(file.fileId) : null;
  if (!record || record.sha256 !== file.sha256)
    return { file, omitted: 'not attached: the file is no longer kept' };
  if (record.scan === 'infected') {
    return {
      file,
      omitted: `not attached: found infected later${record.scanDetail ? ` (${record.scanDetail})` : ''}`,
    };
  }
  if (record.scan !== 'clean') return { file, omitted: 'not attached: not scanned for viruses yet' };
  const content = sources.blobs ? await sources.blobs.open(file.sha256) : null;
  if (!content)
    return { file, omitted: 'not attached: the content is not in the file store (quarantined or removed)' };
  return { file, content };
}
