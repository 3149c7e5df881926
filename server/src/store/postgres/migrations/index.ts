import type { PostgresMigration } from '../migrate';
import { initialSchema } from './001-initial';
import { archiveChainOrder } from './002-archive-chain-order';
import { messageSearch } from './003-message-search';
import { webhookClaims } from './004-webhooks';

/** Every schema migration, in version order. Append only: never edit a released one. */
export const MIGRATIONS: readonly PostgresMigration[] = [
  initialSchema,
  archiveChainOrder,
  messageSearch,
  webhookClaims,
];
