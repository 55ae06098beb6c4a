-- Accounts, sessions and API tokens, login throttling, and the audit log.

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'official', 'host')),
  -- An official's scope: this org unit and everything below it.
  org_id        bigint REFERENCES orgs (id),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_official_has_org CHECK (role <> 'official' OR org_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

-- A host's rooms.
CREATE TABLE user_rooms (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  room_id bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, room_id)
);
CREATE INDEX user_rooms_room ON user_rooms (room_id);

-- Browser sessions and personal API tokens. Only a SHA-256 of each token is kept.
CREATE TABLE tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('session', 'api')),
  token_hash   bytea NOT NULL UNIQUE,
  csrf_token   text,
  name         text CHECK (length(name) <= 100),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX tokens_user ON tokens (user_id);

-- Failed sign-ins per account and per client address, shared by every node.
CREATE TABLE login_failures (
  key          text PRIMARY KEY,
  failures     integer NOT NULL,
  window_start timestamptz NOT NULL
);

CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor_id   bigint,
  actor_name text,
  action     text NOT NULL,
  target     text NOT NULL,
  org_id     bigint,
  room_id    bigint,
  before     jsonb,
  after      jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org ON audit_log (org_id, at);

-- Every change to the schedule and the accounts is logged by PostgreSQL itself, so no write path can forget.
-- The acting user comes from the transaction setting lianxin.actor ("id:name"), set by the server.
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) - 'password_hash' END;
  new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) - 'password_hash' END;
  row_data jsonb := coalesce(new_row, old_row);
  actor text := nullif(current_setting('lianxin.actor', true), '');
  room bigint;
  org bigint;
BEGIN
  -- Renumbering touches many rows; only the number moved, which is derived, not a change anyone made.
  IF TG_OP = 'UPDATE' AND (old_row - 'number' - 'revision' - 'updated_at') = (new_row - 'number' - 'revision' - 'updated_at') THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'orgs' THEN
    org := (row_data ->> 'id')::bigint;
  ELSIF TG_TABLE_NAME = 'rooms' THEN
    room := (row_data ->> 'id')::bigint;
    org := (row_data ->> 'org_id')::bigint;
  ELSIF TG_TABLE_NAME = 'users' THEN
    org := (row_data ->> 'org_id')::bigint;
  ELSIF TG_TABLE_NAME = 'episode_people' THEN
    SELECT e.room_id, r.org_id INTO room, org FROM episodes e JOIN rooms r ON r.id = e.room_id
     WHERE e.id = (row_data ->> 'episode_id')::bigint;
  ELSIF row_data ? 'room_id' THEN
    room := (row_data ->> 'room_id')::bigint;
    SELECT r.org_id INTO org FROM rooms r WHERE r.id = room;
  END IF;
  INSERT INTO audit_log (actor_id, actor_name, action, target, org_id, room_id, before, after)
  VALUES (split_part(actor, ':', 1)::bigint, nullif(substr(actor, strpos(actor, ':') + 1), ''),
          TG_TABLE_NAME || '.' || lower(TG_OP), TG_TABLE_NAME || ':' || coalesce(row_data ->> 'id', row_data ->> 'episode_id', ''),
          org, room, old_row, new_row);
  RETURN NULL;
END $$;

CREATE TRIGGER orgs_audit AFTER INSERT OR UPDATE OR DELETE ON orgs FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER rooms_audit AFTER INSERT OR UPDATE OR DELETE ON rooms FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER room_platforms_audit AFTER INSERT OR UPDATE OR DELETE ON room_platforms FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER columns_audit AFTER INSERT OR UPDATE OR DELETE ON columns FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER people_audit AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER series_audit AFTER INSERT OR UPDATE OR DELETE ON series FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER episodes_audit AFTER INSERT OR UPDATE OR DELETE ON episodes FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER episode_people_audit AFTER INSERT OR DELETE ON episode_people FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER user_rooms_audit AFTER INSERT OR UPDATE OR DELETE ON user_rooms FOR EACH ROW EXECUTE FUNCTION audit_row();
