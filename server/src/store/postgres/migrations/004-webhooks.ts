import type { PostgresMigration } from '../migrate';

/**
 * Webhooks delivered by several nodes from one queue. The tables themselves (`webhooks`,
 * `webhook_deliveries`, `webhook_attempts`, as SQLite's migration 5) came with migration 1; this
 * adds what a shared queue needs and one SQLite process does not:
 *
 * - `claimed_by` / `claimed_until`: the node (its worker's random id) attempting the delivery and
 *   until when. Due deliveries are claimed with `FOR UPDATE SKIP LOCKED`, so two nodes never
 *   take the same one; a node that dies mid-attempt leaves it to the others once the claim ends.
 * - `delivered_at`: a delivered row stays (pruned with the delivery log), so an event that every
 *   node offers (each node sees every presence change) and a slower node offers only after the
 *   delivery succeeded is still ignored by the primary key instead of being sent again.
 */
export const webhookClaims: PostgresMigration = {
  version: 4,
  name: 'webhook deliveries claimed by one node, kept once delivered',
  async up(client) {
    await client.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN claimed_by    text,
        ADD COLUMN claimed_until bigint,
        ADD COLUMN delivered_at  bigint;
      DROP INDEX webhook_deliveries_due;
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, insertion_order)
        WHERE delivered_at IS NULL;
      CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at)
        WHERE delivered_at IS NOT NULL;
      CREATE INDEX webhook_attempts_by_time ON webhook_attempts (at);
    `);
  },
};
