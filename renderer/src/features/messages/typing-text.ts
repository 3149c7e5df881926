/** "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…". */
export function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (!first) return '';
  if (names.length === 1) return `${first} is typing…`;
  if (names.length === 2 && second) return `${first} and ${second} are typing…`;
  return 'Several people are typing…';
}
