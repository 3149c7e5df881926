import type { Migration } from '../migrate';
import { initialSchema } from './001-initial';
import { settingsAndDisabledAt } from './002-settings-and-disabled-at';
import { presenceLayers } from './003-presence-layers';
import { integrationTokens } from './004-integration-tokens';
import { webhooks } from './005-webhooks';
import { botAccounts } from './006-bot-accounts';
import { messagesV2 } from './007-messages-v2';
import { memberPeriods } from './008-member-periods';
import { messageSearch } from './009-message-search';
import { files } from './010-files';
import { seenSeq } from './011-seen-seq';
import { compliance } from './012-compliance';

/** Every schema migration, in version order. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  settingsAndDisabledAt,
  presenceLayers,
  integrationTokens,
  webhooks,
  botAccounts,
  messagesV2,
  memberPeriods,
  messageSearch,
  files,
  seenSeq,
  compliance,
];
