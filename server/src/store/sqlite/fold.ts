/**
 * Folds text for case- and accent-insensitive search: "Émile Müller" → "emile muller".
 * SQLite's own LIKE/lower() only fold ASCII, so names are folded here and stored.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
