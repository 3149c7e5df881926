/**
 * Compliance records (docs/compliance.md): the archive's chains, the signed manifests, the audit
 * log, retention policies and legal holds, and the guard that lets only a retention purge delete
 * messages. Hashed and signed content (archive payloads, manifest heads, audit details) is `text`,
 * not `jsonb`: it must read back exactly as it was hashed, and jsonb would refuse a \u0000 in a
 * string that SQLite keeps.
 */
export const COMPLIANCE_SQL = `
  -- one chain per conversation (chain = its id); chain_seq gapless from 1 within a chain
  CREATE TABLE archive_entries (
    chain           text   NOT NULL,
    chain_seq       bigint NOT NULL CHECK (chain_seq >= 1),
    at              bigint NOT NULL,
    kind            text   NOT NULL,
    conversation_id text,
    actor_id        text,
    message_id      text,
    -- the canonical JSON (RFC 8785) of the payload, as hashed
    payload         text   NOT NULL,
    prev_hash       text   NOT NULL,
    hash            text   NOT NULL,
    PRIMARY KEY (chain, chain_seq)
  );
  CREATE INDEX archive_entries_at ON archive_entries (at);
  CREATE INDEX archive_entries_message ON archive_entries (message_id) WHERE message_id IS NOT NULL;

  CREATE TABLE archive_manifests (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at   bigint NOT NULL,
    covers_until bigint NOT NULL,
    -- canonical JSON, exactly the bytes that were signed
    heads        text   NOT NULL,
    key_id       text   NOT NULL,
    signature    text   NOT NULL
  );
  CREATE INDEX archive_manifests_until ON archive_manifests (covers_until);

  -- one chain of its own, gapless seq from 1, never purged by message retention
  CREATE TABLE audit_log (
    seq       bigint PRIMARY KEY CHECK (seq >= 1),
    at        bigint NOT NULL,
    actor     text   NOT NULL,
    source    text   NOT NULL,
    address   text,
    action    text   NOT NULL,
    target    text,
    details   text   NOT NULL,
    prev_hash text   NOT NULL,
    hash      text   NOT NULL
  );
  CREATE INDEX audit_log_at ON audit_log (at);

  CREATE TABLE retention_policies (
    scope       text   PRIMARY KEY CHECK (scope IN ('all', 'direct', 'group')),
    messages_ms bigint CHECK (messages_ms IS NULL OR messages_ms >= 0),
    archive_ms  bigint CHECK (archive_ms IS NULL OR archive_ms >= 0),
    updated_at  bigint NOT NULL,
    updated_by  text   NOT NULL
  );

  CREATE TABLE legal_holds (
    id              text   PRIMARY KEY,
    kind            text   NOT NULL CHECK (kind IN ('user', 'conversation')),
    target_id       text   NOT NULL,
    case_name       text   NOT NULL,
    reason          text   NOT NULL,
    created_at      bigint NOT NULL,
    created_by      text   NOT NULL,
    released_at     bigint,
    released_by     text,
    insertion_order bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX legal_holds_active ON legal_holds (kind, target_id) WHERE released_at IS NULL;

  -- A retention purge inserts its row here, deletes, and removes it in the same transaction
  -- (so no other transaction ever sees it); any other delete of messages or versions is refused.
  CREATE TABLE retention_purge_guard (id integer PRIMARY KEY CHECK (id = 1));
  CREATE FUNCTION refuse_delete_outside_purge() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM retention_purge_guard) THEN
      RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
  END $$;
  CREATE TRIGGER messages_are_never_deleted BEFORE DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_outside_purge(
      'messages are a compliance record and are never deleted but by a retention purge');
  CREATE TRIGGER message_versions_are_never_deleted BEFORE DELETE ON message_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_outside_purge(
      'message versions are a compliance record and are never deleted but by a retention purge');
`;
