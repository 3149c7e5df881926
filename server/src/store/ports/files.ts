import type { FileScan } from '@beacon/protocol';

/** Uploaded files and their virus scans. */
export type FileScanState = FileScan;

/** An uploaded file (docs/protocol-notes.md, "Files"); its bytes are in the blob store under `sha256`. */
export interface StoredFileRecord {
  id: string;
  uploaderId: string;
  name: string;
  size: number;
  mime: string;
  /** Hex SHA-256 of the content: its key in the blob store. */
  sha256: string;
  scan: FileScanState;
  scannedAt: number | null;
  /** The signature name for `infected`; null otherwise. */
  scanDetail: string | null;
  thumbnail: boolean;
  createdAt: number;
}

export type NewFile = Omit<StoredFileRecord, 'id' | 'scan' | 'scannedAt' | 'scanDetail'>;

export interface FileMessageRef {
  messageId: string;
  conversationId: string;
  seq: number;
  viewerIds: string[];
}

export type ScanOutcome = { scan: 'clean' } | { scan: 'infected'; signature: string };

export interface FileRepository {
  /** Stores a new file with `scan: 'pending'`. */
  create(file: NewFile): Promise<StoredFileRecord>;
  byId(id: string): Promise<StoredFileRecord | null>;
  /** Pending files, oldest first: the scan queue. */
  listPending(limit: number): Promise<StoredFileRecord[]>;
  /**
   * Records a scan of the content `sha256` for every file of that content it changes
   * (`clean`: the pending ones; `infected`: all not yet infected), and returns those files.
   */
  recordScan(sha256: string, outcome: ScanOutcome, at: number): Promise<StoredFileRecord[]>;
  /**
   * Whether `userId` may see the file: its uploader, or a member of a conversation it was sent
   * in while the message's seq lies in one of their member periods.
   */
  isVisibleTo(fileId: string, userId: string): Promise<boolean>;
  /**
   * The messages that attach the file, oldest first, each with the current members who may
   * read it (their open member period includes its seq).
   */
  messagesWith(fileId: string): Promise<FileMessageRef[]>;
}
