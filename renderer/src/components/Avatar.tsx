import type { PresenceStatus } from '@beacon/protocol';
import { PresenceDot } from './PresenceDot';
import './avatar.css';

// Every colour keeps white initials at 4.5:1 (WCAG AA).
const PALETTE = ['#4f6fcf', '#2b8276', '#af603c', '#7d5bbd', '#b5527a', '#3b7aa8', '#657d31', '#9b6b27'];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (h * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export interface AvatarProps {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  /** Shows a presence dot on the avatar. */
  status?: PresenceStatus;
  /** A group avatar shows a group mark instead of initials. */
  group?: boolean;
  /** The status is only last known (disconnected): the dot is shown without its colour. */
  stale?: boolean;
}

export function Avatar({ id, name, size = 'md', status, group = false, stale = false }: AvatarProps) {
  const dotSize = size === 'lg' ? 12 : size === 'md' ? 11 : 9;
  return (
    <span className="avatar" data-size={size} aria-hidden="true">
      <span
        className="avatar__face"
        style={{ background: PALETTE[hash(id) % PALETTE.length] }}
        data-group={group || undefined}
      >
        {group ? '#' : initials(name)}
      </span>
      {status && (
        <span className="avatar__dot">
          <PresenceDot status={status} size={dotSize} stale={stale} />
        </span>
      )}
    </span>
  );
}
