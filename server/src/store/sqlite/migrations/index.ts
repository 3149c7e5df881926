import type { Migration } from '../migrate';
import { initialSchema } from './001-initial';
import { settingsAndDisabledAt } from './002-settings-and-disabled-at';
import { presenceLayers } from './003-presence-layers';
import { integrationTokens } from './004-integration-tokens';
import { webhooks } from './005-webhooks';
import { botAccounts } from './006-bot-accounts';

/** Every schema migration, in version order. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  settingsAndDisabledAt,
  presenceLayers,
  integrationTokens,
  webhooks,
  botAccounts,
];
