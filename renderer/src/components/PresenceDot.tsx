import type { PresenceStatus } from '@beacon/protocol';
import type { CSSProperties } from 'react';
import { i18n } from '../i18n';
import { statusWord } from '../lib/presence';
import './presence-dot.css';

/** The coloured presence mark; decorative, because every place that shows it also says the status in words. */
export function PresenceDot({
  status,
  size = 10,
  stale = false,
}: {
  status: PresenceStatus;
  size?: number;
  /** Last known only (disconnected): drawn without the status colour. */
  stale?: boolean;
}) {
  return (
    <span
      className="presence-dot"
      data-status={status}
      data-stale={stale || undefined}
      style={{ '--dot-size': `${size}px` } as CSSProperties}
      title={stale ? i18n.t('components.lastKnown', { status: statusWord(status) }) : statusWord(status)}
      aria-hidden="true"
    />
  );
}
