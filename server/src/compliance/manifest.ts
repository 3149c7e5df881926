import type { ChainHead, ManifestRecord } from '../store/ports/compliance';
import type { Store } from '../store/types';
import { canonicalJson } from './chain';
import type { SigningKey } from './signing-key';

/** What a manifest signs: the head of every chain, and of the audit log, at one instant. */
export interface ManifestHeads {
  form: 1;
  createdAt: number;
  keyId: string;
  chains: Array<Pick<ChainHead, 'chain' | 'chainSeq' | 'hash'>>;
  audit: { seq: number; hash: string } | null;
}

/** A manifest is due when there is none yet, or the newest is a day old. */
export const MANIFEST_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Signs and stores the current heads (one transaction-free read: heads only move forward). */
export async function writeManifest(
  store: Pick<Store, 'archive' | 'audit'>,
  key: SigningKey,
  now: number,
): Promise<ManifestRecord> {
  const [chains, audit] = await Promise.all([store.archive.heads(), store.audit.head()]);
  const heads: ManifestHeads = {
    form: 1,
    createdAt: now,
    keyId: key.keyId,
    chains: chains.map(({ chain, chainSeq, hash }) => ({ chain, chainSeq, hash })),
    audit,
  };
  const text = canonicalJson(heads);
  return store.archive.saveManifest({
    createdAt: now,
    coversUntil: now,
    heads: text,
    keyId: key.keyId,
    signature: key.sign(text),
  });
}

/** Writes a manifest when one is due; returns it, or null when none was. */
export async function writeManifestIfDue(
  store: Pick<Store, 'archive' | 'audit'>,
  key: SigningKey,
  now: number,
): Promise<ManifestRecord | null> {
  const manifests = await store.archive.manifests();
  const newest = manifests.at(-1);
  if (newest && now - newest.createdAt < MANIFEST_INTERVAL_MS) return null;
  return writeManifest(store, key, now);
}

export function parseManifestHeads(manifest: ManifestRecord): ManifestHeads | null {
  try {
    const value = JSON.parse(manifest.heads) as ManifestHeads;
    return value && value.form === 1 && Array.isArray(value.chains) ? value : null;
  } catch {
    return null;
  }
}
