import type { PostgresMigration } from '../migrate';
import { ACCOUNTS_SQL } from './initial/accounts';
import { COMPLIANCE_SQL } from './initial/compliance';
import { CONVERSATIONS_SQL } from './initial/conversations';

/** The whole schema of SQLite's migrations 1–12 at once (PostgreSQL started from there). */
export const initialSchema: PostgresMigration = {
  version: 1,
  name: 'initial schema (SQLite migrations 1–12)',
  async up(client) {
    await client.query(ACCOUNTS_SQL);
    await client.query(CONVERSATIONS_SQL);
    await client.query(COMPLIANCE_SQL);
  },
};
