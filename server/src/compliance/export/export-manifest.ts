import type { ManifestRecord } from '../../store/ports/compliance';
import { HASH_FORM } from '../chain';
import { isoTime } from './entry-view';
import type { WrittenPart } from './parts';
import type { ExportRequest } from './request';
import type { WrittenFile } from './sink';
import type { ExportedChain, ExportTally } from './tally';
import { EXPORTER_VERSION } from './version';

export const MANIFEST_FILE = 'manifest.json';

/** `manifest.json`: what the export holds and how to check it is complete (docs/compliance.md). */
export interface ExportManifest {
  beaconExport: 1;
  format: ExportRequest['format'];
  exporter: { name: 'Beacon'; version: string };
  createdAt: string;
  /** Both ends inclusive, UTC. */
  range: { from: string; to: string; timeZone: 'UTC'; inclusive: true };
  filters: { user: string | null; conversation: string | null };
  attachments: ExportRequest['attachments'];
  counts: {
    entries: number;
    /** `message.sent` entries: messages as sent (their edits and deletes are counted by kind). */
    messages: number;
    conversations: number;
    byKind: Record<string, number>;
  } & Record<string, number | Record<string, number>>;
  chains: ExportedChain[];
  /** The newest manifest the server signed (`compliance verify` checks it), or null before the first. */
  signedManifest: { id: number; createdAt: string; coversUntil: string; keyId: string } | null;
  hashing: { form: number; description: string };
  /**
   * Every file of the export but this one: the JSON Lines or CSV parts in order, each with its
   * entry count; for EML, `SHA256SUMS` (which lists every mail).
   */
  files: Array<WrittenPart | WrittenFile>;
}

export interface ManifestInput {
  request: ExportRequest;
  createdAt: number;
  tally: ExportTally;
  formatCounts: Record<string, number>;
  signed: ManifestRecord | null;
  files: Array<WrittenPart | WrittenFile>;
}

export function buildExportManifest(input: ManifestInput): ExportManifest {
  const { request, tally, signed } = input;
  return {
    beaconExport: 1,
    format: request.format,
    exporter: { name: 'Beacon', version: EXPORTER_VERSION },
    createdAt: isoTime(input.createdAt),
    range: {
      from: isoTime(request.range.from),
      to: isoTime(request.range.until - 1),
      timeZone: 'UTC',
      inclusive: true,
    },
    filters: { user: request.user?.email ?? null, conversation: request.conversationId },
    attachments: request.attachments,
    counts: {
      entries: tally.entries,
      messages: tally.messages,
      conversations: tally.chains.length,
      byKind: tally.kinds(),
      ...input.formatCounts,
    },
    chains: tally.chains,
    signedManifest: signed
      ? {
          id: signed.id,
          createdAt: isoTime(signed.createdAt),
          coversUntil: isoTime(signed.coversUntil),
          keyId: signed.keyId,
        }
      : null,
    hashing: {
      form: HASH_FORM,
      description:
        'hash = SHA-256 (hex) of the RFC 8785 canonical JSON of {form, prevHash, chain, chainSeq, at, kind, ' +
        'conversationId, actorId, messageId, payload}; prevHash is the hash of the entry before in the same chain',
    },
    files: input.files,
  };
}
