import type { ArchiveEntry } from '../entries';
import { isoTime } from './entry-view';
import type { FormatWriter } from './format';
import { PartedFile } from './parts';

/** `archive-000001.jsonl`, `archive-000002.jsonl`, … (parts.ts). */
export const JSONL_PARTS = { stem: 'archive', extension: 'jsonl' } as const;

/**
 * One entry as a JSON Lines record: every stored field as stored (so the hash can be
 * recomputed, docs/compliance.md), plus `atIso` for people reading it.
 */
export function jsonlLine(entry: ArchiveEntry): string {
  const record = {
    chain: entry.chain,
    chainSeq: entry.chainSeq,
    at: entry.at,
    atIso: isoTime(entry.at),
    kind: entry.kind,
    conversationId: entry.conversationId,
    actorId: entry.actorId,
    messageId: entry.messageId,
    payload: entry.payload,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
  return `${JSON.stringify(record)}\n`;
}

export const writeJsonl: FormatWriter = async (entries, { sink, signal, partBytes }) => {
  const file = new PartedFile(sink, { ...JSONL_PARTS, partBytes, signal });
  for await (const { entry } of entries) await file.writeEntry(jsonlLine(entry));
  return { files: await file.close(), counts: {} };
};
