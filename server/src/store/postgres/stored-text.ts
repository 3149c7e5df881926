/**
 * PostgreSQL's `text` cannot hold U+0000 (SQLite's can). The protocol refuses it in every
 * payload (`parsePayload`, docs/protocol-notes.md "PostgreSQL store (P13)"), so this only
 * catches a caller that skipped it, with a clear error before anything is written.
 */
export function assertStorableText(field: string, text: string | null | undefined): void {
  if (text?.includes('\u0000')) {
    throw new RangeError(`${field}: the character U+0000 cannot be stored`);
  }
}
