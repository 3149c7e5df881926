/**
 * Conversations, members and their periods, the message log with its versions and reactions,
 * files and attachments: SQLite's schema after its migration 12. Message search is not here: it
 * comes with the PostgreSQL search repository, in its own migration (full-text search of its own).
 */
export const CONVERSATIONS_SQL = `
  CREATE TABLE conversations (
    id               text   PRIMARY KEY,
    kind             text   NOT NULL CHECK (kind IN ('direct', 'group')),
    title            text,
    -- sorted member ids of a direct conversation: one conversation per pair
    direct_key       text   UNIQUE,
    last_seq         bigint NOT NULL DEFAULT 0,
    last_activity_at bigint NOT NULL,
    created_at       bigint NOT NULL,
    CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
  );

  CREATE TABLE conversation_members (
    conversation_id text    NOT NULL REFERENCES conversations (id),
    user_id         text    NOT NULL REFERENCES users (id),
    position        integer NOT NULL,
    read_seq        bigint  NOT NULL DEFAULT 0,
    -- false: a direct conversation someone else opened, listed once it has a message
    listed          boolean NOT NULL DEFAULT true,
    -- the highest read position the others were shown when read_seq was moved back
    seen_seq        bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
  );
  CREATE INDEX conversation_members_by_user ON conversation_members (user_id, conversation_id);

  -- which seqs each member may read: from_seq <= seq <= to_seq (to_seq null: still a member)
  CREATE TABLE member_periods (
    conversation_id text   NOT NULL REFERENCES conversations (id),
    user_id         text   NOT NULL REFERENCES users (id),
    from_seq        bigint NOT NULL,
    to_seq          bigint,
    PRIMARY KEY (conversation_id, user_id, from_seq),
    CHECK (to_seq IS NULL OR to_seq >= from_seq)
  );
  CREATE INDEX member_periods_by_user ON member_periods (user_id, conversation_id);
  CREATE UNIQUE INDEX member_periods_open ON member_periods (conversation_id, user_id) WHERE to_seq IS NULL;

  CREATE TABLE former_members (
    conversation_id text    NOT NULL REFERENCES conversations (id),
    user_id         text    NOT NULL REFERENCES users (id),
    read_seq        bigint  NOT NULL DEFAULT 0,
    hidden          boolean NOT NULL DEFAULT false,
    PRIMARY KEY (conversation_id, user_id)
  );
  CREATE INDEX former_members_by_user ON former_members (user_id, conversation_id);

  CREATE TABLE messages (
    conversation_id text    NOT NULL REFERENCES conversations (id),
    seq             bigint  NOT NULL CHECK (seq > 0),
    id              text    NOT NULL UNIQUE,
    sender_id       text    NOT NULL REFERENCES users (id),
    client_id       text    NOT NULL,
    -- the first version, for good; the current body is the newest message_versions row
    body            text    NOT NULL,
    sent_at         bigint  NOT NULL,
    kind            text    NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'system')),
    -- the system event ({ action, actorId, userIds, title }) when kind = 'system'
    system          jsonb,
    reply_to_id     text,
    -- the mentioned user ids of the current version
    mentions        jsonb   NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(mentions) = 'array'),
    version         integer NOT NULL DEFAULT 1,
    edited_at       bigint,
    deleted_at      bigint,
    insertion_order bigint  GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (conversation_id, seq)
  );
  CREATE UNIQUE INDEX messages_idempotency ON messages (conversation_id, sender_id, client_id);

  -- append-only: the compliance archive reads every version
  CREATE TABLE message_versions (
    message_id text    NOT NULL REFERENCES messages (id),
    version    integer NOT NULL CHECK (version > 0),
    kind       text    NOT NULL CHECK (kind IN ('sent', 'edited', 'deleted')),
    body       text    NOT NULL,
    at         bigint  NOT NULL,
    actor_id   text    NOT NULL,
    PRIMARY KEY (message_id, version)
  );

  CREATE TABLE message_reactions (
    message_id      text   NOT NULL REFERENCES messages (id),
    user_id         text   NOT NULL REFERENCES users (id),
    emoji           text   NOT NULL,
    at              bigint NOT NULL,
    insertion_order bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (message_id, user_id, emoji)
  );

  -- what the server knows of an uploaded file; its bytes live in the blob store, by sha256
  CREATE TABLE files (
    id              text    PRIMARY KEY,
    uploader_id     text    NOT NULL REFERENCES users (id),
    name            text    NOT NULL,
    size            bigint  NOT NULL,
    mime            text    NOT NULL,
    sha256          text    NOT NULL,
    scan            text    NOT NULL CHECK (scan IN ('pending', 'clean', 'infected')),
    scanned_at      bigint,
    scan_detail     text,
    thumbnail       boolean NOT NULL DEFAULT false,
    created_at      bigint  NOT NULL,
    insertion_order bigint  GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX files_uploader ON files (uploader_id, created_at);
  CREATE INDEX files_pending ON files (created_at, insertion_order) WHERE scan = 'pending';
  CREATE INDEX files_sha256 ON files (sha256);
  CREATE TABLE message_attachments (
    message_id text    NOT NULL REFERENCES messages (id),
    file_id    text    NOT NULL REFERENCES files (id),
    position   integer NOT NULL,
    PRIMARY KEY (message_id, position)
  );
  CREATE INDEX message_attachments_file ON message_attachments (file_id);

  -- version 1 of every message, whoever appends it, in the append's own transaction
  CREATE FUNCTION message_versions_first() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
    VALUES (NEW.id, 1, 'sent', NEW.body, NEW.sent_at, NEW.sender_id);
    RETURN NULL;
  END $$;
  CREATE TRIGGER message_versions_first AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION message_versions_first();

  -- raises its first argument: for records that are never changed
  CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
  END $$;
  CREATE TRIGGER message_versions_are_never_changed BEFORE UPDATE ON message_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change('message versions are a compliance record and are never changed');
  -- the first version stays where v1 readers (and the archive) expect it
  CREATE TRIGGER message_bodies_are_never_changed BEFORE UPDATE OF body ON messages
    FOR EACH ROW EXECUTE FUNCTION refuse_change('messages.body is the first version and is never changed');
`;
