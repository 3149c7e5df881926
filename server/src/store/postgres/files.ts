import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  FileMessageRef,
  FileRepository,
  FileScanState,
  NewFile,
  ScanOutcome,
  StoredFileRecord,
} from '../types';
import { PostgresArchiveLog } from './archive-log';
import { lockConversations } from './conversation-lock';
import { inTransaction } from './transaction';

interface FileRow {
  id: string;
  uploader_id: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  scan: FileScanState;
  scanned_at: number | null;
  scan_detail: string | null;
  thumbnail: boolean;
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
    thumbnail: row.thumbnail,
    createdAt: row.created_at,
  };
}

/** Uploaded files and their scans on PostgreSQL (the SQLite twin: sqlite/files.ts). */
export class PostgresFileRepository implements FileRepository {
  private readonly archive = new PostgresArchiveLog();

  constructor(private readonly pool: pg.Pool) {}

  async create(file: NewFile): Promise<StoredFileRecord> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO files (id, uploader_id, name, size, mime, sha256, scan, thumbnail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8)`,
      [id, file.uploaderId, file.name, file.size, file.mime, file.sha256, file.thumbnail, file.createdAt],
    );
    return { id, ...file, scan: 'pending', scannedAt: null, scanDetail: null };
  }

  async byId(id: string): Promise<StoredFileRecord | null> {
    const result = await this.pool.query<FileRow>(`SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row ? toFile(row) : null;
  }

  async listPending(limit: number): Promise<StoredFileRecord[]> {
    const result = await this.pool.query<FileRow>(
      `SELECT ${COLUMNS} FROM files WHERE scan = 'pending' ORDER BY created_at, insertion_order LIMIT $1`,
      [limit],
    );
    return result.rows.map(toFile);
  }

  /**
   * The verdict and its archive entries commit together. The conversations the content was
   * shared in are locked first: their chains get an entry each, and a file attached meanwhile
   * (its message holds the same lock) is either seen here or archived with the new verdict.
   */
  recordScan(sha256: string, outcome: ScanOutcome, at: number): Promise<StoredFileRecord[]> {
    return inTransaction(this.pool, async (client) => {
      const sharedIn = await client.query<{ conversation_id: string }>(
        `SELECT DISTINCT m.conversation_id FROM files f
         JOIN message_attachments a ON a.file_id = f.id JOIN messages m ON m.id = a.message_id
         WHERE f.sha256 = $1`,
        [sha256],
      );
      await lockConversations(
        client,
        sharedIn.rows.map((row) => row.conversation_id),
      );
      const files = (await this.markScanned(client, sha256, outcome, at)).map(toFile);
      for (const file of files) await this.archiveVerdict(client, file, outcome, at);
      return files;
    });
  }

  private async markScanned(
    client: pg.PoolClient,
    sha256: string,
    outcome: ScanOutcome,
    at: number,
  ): Promise<FileRow[]> {
    const result =
      outcome.scan === 'clean'
        ? await client.query<FileRow>(
            `UPDATE files SET scan = 'clean', scanned_at = $1, scan_detail = NULL
             WHERE sha256 = $2 AND scan = 'pending' RETURNING ${COLUMNS}`,
            [at, sha256],
          )
        : await client.query<FileRow>(
            `UPDATE files SET scan = 'infected', scanned_at = $1, scan_detail = $2
             WHERE sha256 = $3 AND scan <> 'infected' RETURNING ${COLUMNS}`,
            [at, outcome.signature, sha256],
          );
    // RETURNING has no order of its own; SQLite's follows the table's.
    return result.rows.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  }

  /** An archive entry in each conversation where the file was already shared. */
  private async archiveVerdict(
    client: pg.PoolClient,
    file: StoredFileRecord,
    outcome: ScanOutcome,
    at: number,
  ): Promise<void> {
    const shares = await client.query<{ conversation_id: string; message_id: string }>(
      `SELECT m.conversation_id, m.id AS message_id FROM message_attachments a
       JOIN messages m ON m.id = a.message_id WHERE a.file_id = $1
       ORDER BY m.conversation_id COLLATE "C", m.seq`,
      [file.id],
    );
    for (const { conversation_id: conversationId, message_id: messageId } of shares.rows) {
      await this.archive.append(client, {
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

  async isVisibleTo(fileId: string, userId: string): Promise<boolean> {
    const result = await this.pool.query<{ visible: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM files WHERE id = $1 AND uploader_id = $2)
           OR EXISTS (
                SELECT 1
                  FROM message_attachments a
                  JOIN messages m ON m.id = a.message_id
                  JOIN member_periods p ON p.conversation_id = m.conversation_id AND p.user_id = $2
                 WHERE a.file_id = $1
                   AND m.seq >= p.from_seq
                   AND (p.to_seq IS NULL OR m.seq <= p.to_seq)
              ) AS visible`,
      [fileId, userId],
    );
    return result.rows[0]?.visible === true;
  }

  async messagesWith(fileId: string): Promise<FileMessageRef[]> {
    const result = await this.pool.query<{
      message_id: string;
      conversation_id: string;
      seq: number;
      viewer_ids: string[];
    }>(
      `SELECT m.id AS message_id, m.conversation_id, m.seq,
              ARRAY(SELECT p.user_id FROM member_periods p
                     WHERE p.conversation_id = m.conversation_id AND p.to_seq IS NULL AND p.from_seq <= m.seq
              ) AS viewer_ids
         FROM message_attachments a JOIN messages m ON m.id = a.message_id
        WHERE a.file_id = $1 ORDER BY m.sent_at, m.insertion_order`,
      [fileId],
    );
    return result.rows.map((row) => ({
      messageId: row.message_id,
      conversationId: row.conversation_id,
      seq: row.seq,
      viewerIds: row.viewer_ids,
    }));
  }
}
