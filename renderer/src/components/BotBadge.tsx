import type { User } from '@beacon/protocol';
import { useTranslation } from '../i18n';
import './bot-badge.css';

export function isBot(user: Pick<User, 'kind'> | undefined): boolean {
  return user?.kind === 'bot';
}

/**
 * The "Bot" badge after a bot's name. Screen readers hear the name as "Line 3 alerts, bot":
 * the visible word is hidden from them and a spoken ", bot" (visually hidden) takes its place.
 */
export function BotBadge({ bot }: { bot: boolean }) {
  const { t } = useTranslation();
  if (!bot) return null;
  return (
    <>
      {/* Inline (not positioned) so the accessible name has no stray space before the comma. */}
      <span className="bot-badge__spoken">{t('components.botSpoken')}</span>
      <span className="bot-badge" data-testid="bot-badge" aria-hidden="true">
        {t('components.bot')}
      </span>
    </>
  );
}
