import type { ArchivedFile, ArchivedPerson, ArchiveEntry } from '../entries';

/**
 * An archive entry's payload read field by field (it comes back from the database as plain
 * JSON): what the CSV and EML renderings show of it. Missing or malformed fields read as empty,
 * never as a failure: the JSON Lines file keeps the entry exactly as stored.
 */
export interface EntryView {
  actor: ArchivedPerson | null;
  /** The message's seq in its conversation. */
  seq: number | null;
  /** 1 for `message.sent`, the new version for an edit or a delete. */
  version: number | null;
  body: string | null;
  replyToId: string | null;
  attachments: ArchivedFile[];
  recipients: ArchivedPerson[];
  integrationId: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function personOf(value: unknown): ArchivedPerson | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  return { id: value.id, email: text(value.email) ?? '', name: text(value.name) ?? '' };
}

export function peopleOf(value: unknown): ArchivedPerson[] {
  return Array.isArray(value) ? value.map(personOf).filter((person) => person !== null) : [];
}

function fileOf(value: unknown): ArchivedFile | null {
  if (!isRecord(value) || typeof value.sha256 !== 'string') return null;
  const scan = value.scan === 'clean' || value.scan === 'infected' ? value.scan : 'pending';
  return {
    fileId: text(value.fileId) ?? '',
    name: text(value.name) ?? '',
    size: count(value.size) ?? 0,
    mime: text(value.mime) ?? 'application/octet-stream',
    sha256: value.sha256,
    scan,
  };
}

export function viewOf(entry: ArchiveEntry): EntryView {
  const payload = entry.payload;
  const version = entry.kind === 'message.sent' ? 1 : count(payload.version);
  return {
    actor: personOf(payload.actor),
    seq: count(payload.seq),
    version,
    body: text(payload.body),
    replyToId: text(payload.replyToId),
    attachments: Array.isArray(payload.attachments)
      ? payload.attachments.map(fileOf).filter((file) => file !== null)
      : [],
    recipients: peopleOf(payload.recipients),
    integrationId: text(payload.integrationId),
  };
}

export function formatPerson(person: ArchivedPerson): string {
  if (!person.email) return person.name || person.id;
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

export function formatPeople(people: readonly ArchivedPerson[]): string {
  return people.map(formatPerson).join('; ');
}

export function formatFile(file: ArchivedFile): string {
  return `${file.name} (${file.size} bytes, SHA-256 ${file.sha256}, scan: ${file.scan})`;
}

export function isoTime(at: number): string {
  return new Date(at).toISOString();
}

/** What an entry says beyond the columns every entry has, in words (CSV "details"). */
export function describeDetails(entry: ArchiveEntry): string {
  const payload = entry.payload;
  switch (entry.kind) {
    case 'conversation.created':
      return `${text(payload.conversationKind) ?? ''} conversation "${text(payload.title) ?? ''}" with ${formatPeople(peopleOf(payload.members))}`;
    case 'conversation.renamed':
      return `renamed to "${text(payload.title) ?? ''}"`;
    case 'members.added':
      return `added ${formatPeople(peopleOf(payload.members))}`;
    case 'members.removed':
      return `removed ${formatPeople(peopleOf(payload.members))}`;
    case 'member.left':
      return 'left the conversation';
    case 'message.sent': {
      const integration = text(payload.integrationId);
      return integration ? `sent by integration ${integration}` : '';
    }
    case 'message.edited':
      return 'edited: the body is the new text';
    case 'message.deleted':
      return 'deleted: earlier versions stay in the archive';
    case 'reaction.added':
    case 'reaction.removed':
      return `${entry.kind === 'reaction.added' ? 'reacted' : 'took back'} ${text(payload.emoji) ?? ''}`;
    case 'file.scanned': {
      const signature = text(payload.signature);
      return `file ${text(payload.name) ?? ''} (SHA-256 ${text(payload.sha256) ?? ''}) scanned: ${text(payload.scan) ?? ''}${signature ? ` (${signature})` : ''}`;
    }
    case 'purge':
      return `retention removed entries 1–${count(payload.purgedThrough) ?? '?'} (${count(payload.removed) ?? '?'} entries) written before ${isoTime(count(payload.cutoff) ?? 0)}`;
    default:
      return '';
  }
}
