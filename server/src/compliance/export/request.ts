import type { Store } from '../../store/types';
import { INSTANT_FORMATS, parseInclusiveRange } from '../time-bounds';

/** docs/compliance.md, "Export (eDiscovery)". */
export const EXPORT_FORMATS = ['jsonl', 'csv', 'eml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ATTACHMENT_MODES = ['reference', 'inline'] as const;
export type AttachmentMode = (typeof ATTACHMENT_MODES)[number];

/** What someone asked for, as typed (CLI options or HTTP query parameters). */
export interface ExportInput {
  from?: string | undefined;
  to?: string | undefined;
  format?: string | undefined;
  user?: string | undefined;
  conversation?: string | undefined;
  attachments?: string | undefined;
}

/** Entries written in [from, until): `to` given as a day includes that whole day (UTC). */
export interface ExportRange {
  from: number;
  until: number;
}

/** A checked request: what the exporter runs. */
export interface ExportRequest {
  format: ExportFormat;
  attachments: AttachmentMode;
  range: ExportRange;
  /** The `--user` filter, resolved; null when not given. */
  user: { id: string; email: string } | null;
  /** The `--conversation` filter; null when not given. */
  conversationId: string | null;
  /** The chains to export: null for all of them. */
  conversationIds: string[] | null;
}

/** Input that cannot be run; `field` names the option or parameter, `message` says what is wrong with it. */
export class ExportInputError extends Error {
  constructor(
    readonly field: keyof ExportInput,
    message: string,
  ) {
    super(message);
    this.name = 'ExportInputError';
  }
}

/** The user or conversation the filters name does not exist. */
export class ExportTargetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportTargetNotFoundError';
  }
}

/** `--from`/`--to`, both required and inclusive (time-bounds.ts, shared with `compliance verify`). */
export function parseExportRange(fromText: string | undefined, toText: string | undefined): ExportRange {
  for (const [field, text] of [
    ['from', fromText],
    ['to', toText],
  ] as const) {
    if (text === undefined || text.trim() === '') {
      throw new ExportInputError(field, `is required: ${INSTANT_FORMATS}`);
    }
  }
  const parsed = parseInclusiveRange(fromText, toText);
  if (!parsed.ok) throw new ExportInputError(parsed.field, parsed.message);
  if (parsed.from === undefined || parsed.until === undefined) throw new Error('a range without both ends');
  return { from: parsed.from, until: parsed.until };
}

function oneOf<T extends string>(
  field: keyof ExportInput,
  text: string | undefined,
  allowed: readonly T[],
  fallback?: T,
): T {
  if (text === undefined && fallback !== undefined) return fallback;
  const found = allowed.find((value) => value === text);
  if (found === undefined) {
    const given = text === undefined ? 'is required:' : `"${text}" is not`;
    throw new ExportInputError(field, `${given} one of ${allowed.join(', ')}`);
  }
  return found;
}

/** Checks the input and resolves its filters against the store, before anything is written. */
export async function resolveExportRequest(store: Store, input: ExportInput): Promise<ExportRequest> {
  const format = oneOf('format', input.format, EXPORT_FORMATS);
  const attachments = oneOf('attachments', input.attachments, ATTACHMENT_MODES, 'reference');
  if (attachments === 'inline' && format !== 'eml') {
    throw new ExportInputError(
      'attachments',
      '"inline" needs the eml format (the others list files by SHA-256)',
    );
  }
  const range = parseExportRange(input.from, input.to);

  let user: ExportRequest['user'] = null;
  let conversationIds: string[] | null = null;
  if (input.user !== undefined) {
    const email = input.user.trim().toLowerCase();
    const record = email === '' ? null : await store.users.byEmail(email);
    if (!record) throw new ExportTargetNotFoundError(`no user ${input.user}`);
    user = { id: record.id, email: record.email };
    conversationIds = await store.archive.conversationIdsOfMember(record.id);
  }
  let conversationId: string | null = null;
  if (input.conversation !== undefined) {
    conversationId = input.conversation.trim();
    const known =
      conversationId !== '' &&
      ((await store.conversations.byId(conversationId)) !== null ||
        (await store.archive.first(conversationId)) !== null);
    if (!known) throw new ExportTargetNotFoundError(`no conversation ${input.conversation}`);
    if (conversationIds && !conversationIds.includes(conversationId)) {
      throw new ExportTargetNotFoundError(
        `${user?.email} was never a member of conversation ${conversationId}`,
      );
    }
    conversationIds = [conversationId];
  }
  return { format, attachments, range, user, conversationId, conversationIds };
}
