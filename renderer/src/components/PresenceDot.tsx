import type { PresenceStatus } from '@beacon/protocol';
import type { CSSProperties } from 'react';
import { statusWord } from '../lib/presence';
import './presence-dot.css';

/** The coloured presence mark; decorative, because every place that shows it also says the status in words. */
export function PresenceDot({ status, size = 10 }: { status: PresenceStatus; size?: number }) {
  return (
    <span
      className="presence-dot"
      data-status={status}
      style={{ '--dot-size': `${size}px` } as CSSProperties}
      title={statusWord(status)}
      aria-hidden="true"
    />
  );
}
