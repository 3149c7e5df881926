/**
 * Accounts, settings, presence layers, integrations, bots and webhooks: SQLite's schema after its
 * migration 12, in PostgreSQL types. Text that Beacon sorts (e-mail, folded name) is `COLLATE "C"`
 * so both stores order byte-wise, whatever the database's locale. Where SQLite relies on rowid
 * for "in the order added", `insertion_order` does that here.
 */
export const ACCOUNTS_SQL = `
  CREATE TABLE users (
    id            text    PRIMARY KEY,
    email         text    COLLATE "C" NOT NULL UNIQUE,
    name          text    NOT NULL,
    -- name folded (lower-cased, accents stripped) for directory search
    name_key      text    COLLATE "C" NOT NULL,
    password_hash text    NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    disabled_at   bigint,
    created_at    bigint  NOT NULL,
    kind          text    NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'bot')),
    roles         jsonb   NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(roles) = 'array')
  );
  CREATE INDEX users_by_disabled_at ON users (disabled_at) WHERE disabled_at IS NOT NULL;

  CREATE TABLE sessions (
    token_hash text   PRIMARY KEY,
    user_id    text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);

  CREATE TABLE contacts (
    owner_id        text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_id      text   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    insertion_order bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (owner_id, contact_id)
  );
  CREATE INDEX contacts_in_order ON contacts (owner_id, insertion_order);

  CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
  );

  -- one row per user whose layers are not the default; replaced, never versioned
  CREATE TABLE presence_layers (
    user_id        text   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    chosen_status  text   NOT NULL CHECK (chosen_status IN ('available', 'away', 'busy', 'dnd', 'offline')),
    chosen_message text,
    chosen_until   bigint,
    ooo_from       bigint,
    ooo_to         bigint,
    ooo_message    text,
    claims         jsonb  NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(claims) = 'array'),
    CHECK ((ooo_from IS NULL) = (ooo_to IS NULL))
  );

  -- a revoked row is kept; a name is unique among those not revoked
  CREATE TABLE integrations (
    id              text   PRIMARY KEY,
    name            text   NOT NULL,
    scopes          text[] NOT NULL,
    token_hash      text   NOT NULL UNIQUE,
    created_at      bigint NOT NULL,
    rotated_at      bigint,
    revoked_at      bigint,
    insertion_order bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE UNIQUE INDEX integrations_active_name ON integrations (name) WHERE revoked_at IS NULL;

  CREATE TABLE bot_tokens (
    integration_id text PRIMARY KEY REFERENCES integrations (id),
    bot_id         text NOT NULL REFERENCES users (id)
  );
  CREATE INDEX bot_tokens_bot ON bot_tokens (bot_id);

  CREATE TABLE webhooks (
    id              text   PRIMARY KEY,
    url             text   NOT NULL,
    events          text[] NOT NULL,
    -- kept as given: signing needs it
    secret          text   NOT NULL,
    created_at      bigint NOT NULL,
    failing_since   bigint,
    disabled_at     bigint,
    disabled_reason text,
    insertion_order bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE TABLE webhook_deliveries (
    webhook_id      text    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        text    NOT NULL,
    -- the exact JSON body, signed anew at each attempt: text, so the bytes stay as written
    body            text    NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at bigint  NOT NULL,
    created_at      bigint  NOT NULL,
    insertion_order bigint  GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (webhook_id, event_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, insertion_order);
  CREATE TABLE webhook_attempts (
    id          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id  text    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id    text    NOT NULL,
    attempt     integer NOT NULL,
    status      integer,
    at          bigint  NOT NULL,
    duration_ms integer NOT NULL,
    error       text
  );
  CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, id);
`;
