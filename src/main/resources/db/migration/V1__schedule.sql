-- The schedule: org units, rooms, columns, people, episodes and recurring series.
-- Invariants live here so that every server node is held to them, whatever races between nodes.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE orgs (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind       text NOT NULL CHECK (kind IN ('district', 'subdistrict', 'town', 'community', 'village')),
  parent_id  bigint REFERENCES orgs (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orgs_parent ON orgs (parent_id);

CREATE TABLE rooms (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES orgs (id),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description    text CHECK (length(description) <= 2000),
  timezone       text NOT NULL DEFAULT 'Asia/Shanghai',
  -- Episodes aired before the room adopted Lianxin; numbering continues after them.
  episode_offset integer NOT NULL DEFAULT 0 CHECK (episode_offset BETWEEN 0 AND 100000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rooms_org ON rooms (org_id);

CREATE TABLE room_platforms (
  room_id  bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('douyin', 'wechat-channels', 'kuaishou', 'bilibili', 'self-hosted')),
  account  text NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
  PRIMARY KEY (room_id, platform, account)
);

CREATE TABLE columns (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id    bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (room_id, name),
  -- Target of episodes' (room_id, column_id) key: a column of another room cannot be referenced.
  UNIQUE (room_id, id)
);

CREATE TABLE people (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE series (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id          bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  title            text NOT NULL,
  rrule            text NOT NULL,
  first_start      timestamp NOT NULL, -- local time in the room's zone
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE episodes (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id       bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  column_id     bigint,
  series_id     bigint REFERENCES series (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description   text CHECK (length(description) <= 5000),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
  number        integer,
  actual_start  timestamptz,
  actual_end    timestamptz,
  cancel_reason text CHECK (length(cancel_reason) <= 500),
  -- iCalendar SEQUENCE: grows with every change a subscriber should see.
  revision      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (room_id, column_id) REFERENCES columns (room_id, id),
  CONSTRAINT episodes_time_order CHECK (ends_at > starts_at),
  CONSTRAINT episodes_max_length CHECK (ends_at - starts_at <= interval '12 hours'),
  CONSTRAINT episodes_cancelled_unnumbered CHECK (status <> 'cancelled' OR number IS NULL),
  -- No two live-or-planned episodes of one room overlap; back-to-back [) ranges do not clash.
  CONSTRAINT episodes_room_overlap EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled') DEFERRABLE INITIALLY IMMEDIATE,
  -- Renumbering moves numbers around inside one transaction; only the end state must be unique.
  CONSTRAINT episodes_room_number UNIQUE (room_id, number) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX episodes_room_start ON episodes (room_id, starts_at, id);
CREATE INDEX episodes_start ON episodes (starts_at, id);
CREATE INDEX episodes_column ON episodes (column_id) WHERE column_id IS NOT NULL;
CREATE INDEX episodes_series ON episodes (series_id) WHERE series_id IS NOT NULL;

-- Hosts and guests, with a copy of the episode's time so PostgreSQL can refuse double-booked people.
CREATE TABLE episode_people (
  episode_id bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  person_id  bigint NOT NULL REFERENCES people (id),
  role       text NOT NULL CHECK (role IN ('host', 'guest')),
  during     tstzrange NOT NULL,
  active     boolean NOT NULL,
  PRIMARY KEY (episode_id, person_id),
  CONSTRAINT episode_people_overlap EXCLUDE USING gist (person_id WITH =, during WITH &&) WHERE (active)
    DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX episode_people_person ON episode_people (person_id);

-- The copy is kept by triggers, never by application code.
CREATE FUNCTION episode_people_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT tstzrange(e.starts_at, e.ends_at), e.status <> 'cancelled'
    INTO NEW.during, NEW.active
    FROM episodes e WHERE e.id = NEW.episode_id;
  RETURN NEW;
END $$;
CREATE TRIGGER episode_people_fill BEFORE INSERT ON episode_people
  FOR EACH ROW EXECUTE FUNCTION episode_people_fill();

CREATE FUNCTION episodes_sync_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE episode_people
     SET during = tstzrange(NEW.starts_at, NEW.ends_at), active = NEW.status <> 'cancelled'
   WHERE episode_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER episodes_sync_people AFTER UPDATE OF starts_at, ends_at, status ON episodes
  FOR EACH ROW EXECUTE FUNCTION episodes_sync_people();

-- Every node caches room pages and feeds; a committed change tells all of them (payload: room id, or 'orgs').
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data record;
BEGIN
  row_data := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  IF TG_TABLE_NAME = 'orgs' THEN
    PERFORM pg_notify('lianxin_changes', 'orgs');
  ELSIF TG_TABLE_NAME = 'rooms' THEN
    PERFORM pg_notify('lianxin_changes', row_data.id::text);
  ELSE
    PERFORM pg_notify('lianxin_changes', row_data.room_id::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER orgs_notify AFTER INSERT OR UPDATE OR DELETE ON orgs FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER rooms_notify AFTER INSERT OR UPDATE OR DELETE ON rooms FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER room_platforms_notify AFTER INSERT OR UPDATE OR DELETE ON room_platforms FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER columns_notify AFTER INSERT OR UPDATE OR DELETE ON columns FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER episodes_notify AFTER INSERT OR UPDATE OR DELETE ON episodes FOR EACH ROW EXECUTE FUNCTION notify_change();

-- A room is live with one episode at a time, even when an episode started late or ran over.
CREATE UNIQUE INDEX episodes_one_live_per_room ON episodes (room_id) WHERE status = 'live';
