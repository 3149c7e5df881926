/**
 * A deterministic message corpus: words from a fixed vocabulary drawn with a Zipf
 * distribution (s = 1), like word frequencies in real text. The most frequent ranks are common
 * English words, a few carry diacritics (to exercise folding), the long tail is made of
 * pronounceable syllable words.
 */

const COMMON = (
  'the to and a of i you is in it for that on we this be are have with can will at ' +
  'meeting project please thanks today tomorrow team can report budget review call update ' +
  'client release draft email office plan week monday friday deadline document customer ' +
  'question issue feedback schedule agenda notes invoice contract approval design sprint ' +
  'server deploy build test launch numbers quarter sales marketing finance travel lunch ' +
  'coffee café zürich münchen résumé naïve señor façade crème smörgåsbord'
).split(' ');

const SYLLABLES =
  'ka lo mi re tu sa ne vo pi da fe go hu ji ko lu ma ni or pe qua ri se ti ul ve wa xi yo ze'.split(' ');

/** mulberry32: a tiny seeded PRNG, so every run writes the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `size` distinct words, most frequent first. */
export function vocabulary(size: number): string[] {
  const words = [...new Set(COMMON)];
  const seen = new Set(words);
  const random = seededRandom(7);
  while (words.length < size) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words.slice(0, size);
}

/** Draws ranks 0 … n − 1 with probability ∝ 1 / (rank + 1)^s. */
export function zipfSampler(n: number, random: () => number, s = 1): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / (rank + 1) ** s;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** Message bodies of 3 … 24 words. */
export function messageBodies(words: readonly string[], seed: number): () => string {
  const random = seededRandom(seed);
  const rank = zipfSampler(words.length, random);
  return () => {
    const length = 3 + Math.floor(random() * 22);
    const parts: string[] = [];
    for (let i = 0; i < length; i++) parts.push(words[rank()] ?? 'the');
    const body = parts.join(' ');
    return body.charAt(0).toUpperCase() + body.slice(1);
  };
}
