import type { AuditRepository } from './ports/audit';
import type { ArchiveRepository } from './ports/compliance';
import type { ConversationRepository } from './ports/conversations';
import type { FileRepository } from './ports/files';
import type { IntegrationRepository } from './ports/integrations';
import type { MessageRepository, SearchRepository } from './ports/messages';
import type { RetentionRepository } from './ports/retention';
import type { PresenceRepository, SettingsRepository } from './ports/settings';
import type { ContactRepository, SessionRepository, UserRepository } from './ports/users';

export * from './ports/audit';
export * from './ports/compliance';
export * from './ports/conversations';
export * from './ports/errors';
export * from './ports/files';
export * from './ports/integrations';
export * from './ports/messages';
export * from './ports/retention';
export * from './ports/settings';
export * from './ports/users';

/**
 * The storage port of the server. Socket handlers and services depend only on this
 * interface, never on SQLite, so another implementation (PostgreSQL) can be added
 * without touching them. Every method is async for that reason, even where the
 * embedded implementation is synchronous underneath. One file per area in `ports/`.
 *
 * Durability: a method that resolves has committed its write.
 */
export interface Store {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly contacts: ContactRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly settings: SettingsRepository;
  readonly presence: PresenceRepository;
  readonly integrations: IntegrationRepository;
  readonly files: FileRepository;
  readonly search: SearchRepository;
  /** Compliance: the append-only archive (written by the other repositories' transactions). */
  readonly archive: ArchiveRepository;
  readonly audit: AuditRepository;
  /** Retention policies, legal holds and the purge of what users see. */
  readonly retention: RetentionRepository;
  /**
   * A trivial query (`SELECT 1`): resolves once the database answered, rejects when it cannot
   * (closed, unreachable). `GET /api/health` bounds the wait.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
