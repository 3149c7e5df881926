/**
 * How well a label matches what was typed: 3 for a prefix, 2 for a word prefix, 1 for a substring,
 * 0 for no match. Case and accents are ignored.
 */
export function matchScore(label: string, query: string): number {
  const text = fold(label);
  const needle = fold(query.trim());
  if (!needle) return 1;
  if (text.startsWith(needle)) return 3;
  if (text.split(/[\s@._-]+/).some((word) => word.startsWith(needle))) return 2;
  return text.includes(needle) ? 1 : 0;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
