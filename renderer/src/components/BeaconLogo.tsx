/** The Beacon mark: a dot with two signal arcs. */
export function BeaconLogo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <circle cx="16" cy="18" r="3.2" fill="var(--accent-text)" />
      <path
        d="M10.5 12.5a7.8 7.8 0 0 1 11 0M7.3 9.3a12.3 12.3 0 0 1 17.4 0"
        stroke="var(--accent-text)"
        strokeWidth="2.2"
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}
