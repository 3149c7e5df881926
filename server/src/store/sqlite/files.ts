import { randomUUID } from 'node:crypto';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type {
  FileMessageRef,
  FileRepository,
  FileScanState,
  NewFile,
  ScanOutcome,
  StoredFileRecord,
} from '../types';
import { ArchiveLog } from './archive';

export interface FileRow {
  id: string;
  uploader_id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  scan: FileScanState;
  scanned_at: number | null;
  scan_detail: string | null;
  thumbnail: number;
  created_at: number;
}

const COLUMNS =
  'id, uploader_id, name, size, mime, sha256, scan, scanned_at, scan_detail, thumbnail, created_at';

function toFile(row: FileRow): StoredFileRecord {
  return {
    id: row.id,
    uploaderId: row.uploader_id,
    name: row.name,
    size: row.size,
    mime: row.mime,
    sha256: row.sha256,
    scan: row.scan,
    scannedAt: row.scanned_at,
    scanDetail: row.scan_detail,
    thumbnail: row.thumbnail === 1,
    createdAt: row.created_at,
  };
}

export class SqliteFileRepository implements FileRepository {
  private readonly insert: Statement<[string, string, string, number, string, string, number, number]>;
  private readonly selectById: Statement<[string], FileRow>;
  private readonly selectPending: Statement<[number], FileRow>;
  private readonly markClean: Statement<[number, string], FileRow>;
  private readonly markInfected: Statement<[number, string, string], FileRow>;
  private readonly selectVisible: Statement<[{ fileId: string; userId: string }], { visible: number }>;
  private readonly selectMessagesWith: Statement<
    [string],
    { message_id: string; conversation_id: string; seq: number; viewer_ids: string }
  >;

  private readonly archive: ArchiveLog;
  private readonly selectSharedIn: Statement<[string], { conversation_id: string; message_id: string }>;
  private readonly recordScanInTransaction: Transaction<
    (sha256: string, outcome: ScanOutcome, at: number) => StoredFileRecord[]
  >;

  constructor(db: Database) {
    this.archive = new ArchiveLog(db);
    this.selectSharedIn = db.prepare(
      `SELECT m.conversation_id, m.id AS message_id FROM message_attachments a
       JOIN messages m ON m.id = a.message_id WHERE a.file_id = ? ORDER BY m.conversation_id, m.seq`,
    );
    this.recordScanInTransaction = db.transaction((sha256: string, outcome: ScanOutcome, at: number) =>
      this.scanAndArchive(sha256, outcome, at),
    );
    this.insert = db.prepare(
      `INSERT INTO files (id, uploader_id, name, size, mime, sha256, scan, thumbnail, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    this.selectById = db.prepare(`SELECT ${COLUMNS} FROM files WHERE id = ?`);
    this.selectPending = db.prepare(
      `SELECT ${COLUMNS} FROM files WHERE scan = 'pending' ORDER BY created_at, rowid LIMIT ?`,
    );
    this.markClean = db.prepare(
      `UPDATE files SET scan = 'clean', scanned_at = ?, scan_detail = NULL
        WHERE sha256 = ? AND scan = 'pending' RETURNING ${COLUMNS}`,
    );
    this.markInfected = db.prepare(
      `UPDATE files SET scan = 'infected', scanned_at = ?, scan_detail = ?
        WHERE sha256 = ? AND scan != 'infected' RETURNING ${COLUMNS}`,
    );
    this.selectVisible = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM files WHERE id = @fileId AND uploader_id = @userId)
           OR EXISTS (
                SELECT 1
                  FROM message_attachments a
                  JOIN messages m ON m.id = a.message_id
                  JOIN member_periods p ON p.conversation_id = m.conversation_id AND p.user_id = @userId
                 WHERE a.file_id = @fileId
                   AND m.seq >= p.from_seq
                   AND (p.to_seq IS NULL OR m.seq <= p.to_seq)
              ) AS visible`,
    );
    this.selectMessagesWith = db.prepare(
      `SELECT m.id AS message_id, m.conversation_id, m.seq,
              (SELECT json_group_array(p.user_id) FROM member_periods p
                WHERE p.conversation_id = m.conversation_id AND p.to_seq IS NULL AND p.from_seq <= m.seq
              ) AS viewer_ids
         FROM message_attachments a JOIN messages m ON m.id = a.message_id
        WHERE a.file_id = ? ORDER BY m.sent_at, m.rowid`,
    );
  }

  async create(file: NewFile): Promise<StoredFileRecord> {
    const id = randomUUID();
    this.insert.run(
      id,
      file.uploaderId,
      file.name,
      file.size,
      file.mime,
      file.sha256,
      file.thumbnail ? 1 : 0,
      file.createdAt,
    );
    return { id, ...file, scan: 'pending', scannedAt: null, scanDetail: null };
  }

  async byId(id: string): Promise<StoredFileRecord | null> {
    const row = this.selectById.get(id);
    return row ? toFile(row) : null;
  }

  async listPending(limit: number): Promise<StoredFileRecord[]> {
    return this.selectPending.all(limit).map(toFile);
  }

  async recordScan(sha256: string, outcome: ScanOutcome, at: number): Promise<StoredFileRecord[]> {
    return this.recordScanInTransaction.immediate(sha256, outcome, at);
  }

  /** The verdict, and an archive entry in each conversation where a changed file was already shared. */
  private scanAndArchive(sha256: string, outcome: ScanOutcome, at: number): StoredFileRecord[] {
    const files = (
      outcome.scan === 'clean'
        ? this.markClean.all(at, sha256)
        : this.markInfected.all(at, outcome.signature, sha256)
    ).map(toFile);
    for (const file of files) {
      for (const { conversation_id: conversationId, message_id: messageId } of this.selectSharedIn.all(
        file.id,
      )) {
        this.archive.append({
          at,
          conversationId,
          actor: null,
          messageId,
          payload: {
            kind: 'file.scanned',
            fileId: file.id,
            name: file.name,
            sha256: file.sha256,
            scan: file.scan,
            signature: outcome.scan === 'infected' ? outcome.signature : null,
          },
        });
      }
    }
    return files;
  }

  async isVisibleTo(fileId: string, userId: string): Promise<boolean> {
    return this.selectVisible.get({ fileId, userId })?.visible === 1;
  }

  async messagesWith(fileId: string): Promise<FileMessageRef[]> {
    return this.selectMessagesWith.all(fileId).map((row) => ({
      messageId: row.message_id,
      conversationId: row.conversation_id,
      seq: row.seq,
      viewerIds: JSON.parse(row.viewer_ids) as string[],
    }));
  }
}
