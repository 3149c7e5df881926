/** A small set of inline icons (no icon font or CDN: the app works offline under a strict CSP). */
const PATHS = {
  search:
    'M10.5 3a7.5 7.5 0 0 1 5.92 12.1l4.24 4.24-1.42 1.42-4.24-4.24A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z',
  settings:
    'M12 8.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7Zm0 2a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm-1.6-8.5h3.2l.5 2.6c.6.2 1.1.5 1.6.9l2.5-.9 1.6 2.8-2 1.7c.1.6.1 1.2 0 1.8l2 1.7-1.6 2.8-2.5-.9c-.5.4-1 .7-1.6.9l-.5 2.6h-3.2l-.5-2.6c-.6-.2-1.1-.5-1.6-.9l-2.5.9-1.6-2.8 2-1.7a5.6 5.6 0 0 1 0-1.8l-2-1.7 1.6-2.8 2.5.9c.5-.4 1-.7 1.6-.9l.5-2.6Z',
  signOut:
    'M10 3h8a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-8v-2h8V5h-8V3Zm-.3 4.3 1.4 1.4L8.8 11H16v2H8.8l2.3 2.3-1.4 1.4L5 12l4.7-4.7Z',
  send: 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2v6.4Z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6V5Z',
  group:
    'M9 11a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Zm0-2a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Zm7 2a3 3 0 1 1 0-6 3 3 0 0 1 0 6ZM2 19c0-3.3 3.1-5.5 7-5.5s7 2.2 7 5.5v1H2v-1Zm2.2-1h9.6c-.5-1.5-2.3-2.5-4.8-2.5S4.7 16.5 4.2 18Zm12.8-4c2.8.3 5 1.9 5 4.5v1.5h-4V18h2c-.3-1-1.4-1.7-3-2v-2Z',
  close: 'm6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4 6.4 5Z',
  chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2Zm0 2v11.2L7.2 16H20V6H4Z',
  personAdd:
    'M10 12a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-2a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm-7 9c0-3.3 3.1-5.5 7-5.5 1 0 2 .2 2.9.5l-.8 1.9c-.6-.2-1.3-.4-2.1-.4-2.5 0-4.3 1-4.8 2.5H12v2H3v-1Zm15-5h2v3h3v2h-3v3h-2v-3h-3v-2h3v-3Z',
  remove: 'M7 6V4h10v2h4v2H3V6h4Zm-1 4h12l-1 11H7L6 10Zm2.2 2 .6 7h6.4l.6-7H8.2Z',
  retry: 'M12 5a7 7 0 1 1-6.9 8.2l2-.4A5 5 0 1 0 8.5 8.5L11 11H4V4l3 3a7 7 0 0 1 5-2Z',
  check: 'm9.5 16.2-4.2-4.2-1.4 1.4 5.6 5.6 11-11-1.4-1.4-9.6 9.6Z',
  bell: 'M12 3a6 6 0 0 1 6 6v4.6l2 3.4H4l2-3.4V9a6 6 0 0 1 6-6Zm0 2a4 4 0 0 0-4 4v5.2L7.5 15h9l-.5-.8V9a4 4 0 0 0-4-4Zm-2 13h4a2 2 0 1 1-4 0Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
