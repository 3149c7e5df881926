import type { PresenceService } from '../presence/service';
import type { UserRepository } from '../store/types';

/** The session id of a bot's permanent presence session (never a socket id, which are random). */
export const BOT_SESSION_ID = 'bot-account';
const BOT_DEVICE_LABEL = 'Bot';

/**
 * A bot has no presence of its own: it is always `available` (source `manual`). The engine
 * derives that from one active session that never reports idle and never leaves, so the
 * engine needs no notion of bots; nobody can sign in as a bot, so nobody can set its status.
 */
export class BotPresence {
  constructor(private readonly presence: Pick<PresenceService, 'connect' | 'disconnect' | 'sessionCount'>) {}

  /**
   * Every enabled bot available, every disabled (removed) one going offline. Run at startup
   * and then periodically, since the admin CLI adds and removes bots from another process.
   * Returns how many bots are available.
   */
  async sync(users: Pick<UserRepository, 'listBots'>): Promise<number> {
    let available = 0;
    for (const bot of await users.listBots()) {
      if (bot.disabled) {
        // Only while it still shows: in a cluster every disconnect is an entry in the presence log.
        if (this.presence.sessionCount(bot.id) > 0) await this.presence.disconnect(bot.id, BOT_SESSION_ID);
      } else {
        await this.keepAvailable(bot.id);
        available++;
      }
    }
    return available;
  }

  /** Makes the bot available if it is not yet (a bot added by the admin CLI while the server runs). */
  async keepAvailable(botId: string): Promise<void> {
    if (this.presence.sessionCount(botId) === 0)
      await this.presence.connect(botId, BOT_SESSION_ID, BOT_DEVICE_LABEL);
  }
}
