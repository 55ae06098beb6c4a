-- Search (issue 4): transcripts, host-edited chapters, and one search document per episode.
-- Chinese is segmented in Java (smartcn words, bigrams, characters); the documents are plain 'simple' tsvectors.

-- A transcript's header row (audited); its cues are many and derived from the uploaded file, so they are not.
CREATE TABLE transcripts (
  episode_id bigint PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  room_id    bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  source     text NOT NULL CHECK (source IN ('upload', 'recording')),
  format     text NOT NULL CHECK (format IN ('vtt', 'srt')),
  cue_count  integer NOT NULL CHECK (cue_count >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transcript_cues (
  episode_id bigint NOT NULL REFERENCES transcripts (episode_id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  start_ms   bigint NOT NULL CHECK (start_ms >= 0),
  end_ms     bigint NOT NULL,
  text       text NOT NULL,
  -- The cue's own terms (with positions), to pick the cues that say what was searched for.
  terms      tsvector NOT NULL,
  PRIMARY KEY (episode_id, seq),
  CONSTRAINT transcript_cues_order CHECK (end_ms >= start_ms)
);

CREATE TABLE chapters (
  episode_id bigint NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
  room_id    bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq        integer NOT NULL,
  start_ms   bigint NOT NULL CHECK (start_ms >= 0),
  title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  PRIMARY KEY (episode_id, seq),
  UNIQUE (episode_id, start_ms)
);

CREATE TRIGGER transcripts_audit AFTER INSERT OR UPDATE OR DELETE ON transcripts FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER chapters_audit AFTER INSERT OR UPDATE OR DELETE ON chapters FOR EACH ROW EXECUTE FUNCTION audit_row();
CREATE TRIGGER transcripts_notify AFTER INSERT OR UPDATE OR DELETE ON transcripts FOR EACH ROW EXECUTE FUNCTION notify_change();
CREATE TRIGGER chapters_notify AFTER INSERT OR UPDATE OR DELETE ON chapters FOR EACH ROW EXECUTE FUNCTION notify_change();

-- One document per episode (cancelled ones have none). Weights: A title and 第N期, B column, room and hosts,
-- C chapter titles and description, D the transcript's distinct terms.
-- Only the episode is a foreign key (a room goes with its episodes): the key-share lock a reference takes would
-- wait on schedule writes that hold their room's lock while they queue episodes.
CREATE TABLE search_docs (
  episode_id bigint PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  room_id    bigint NOT NULL,
  column_id  bigint,
  org_id     bigint NOT NULL,
  starts_at  timestamptz NOT NULL,
  doc        tsvector NOT NULL,
  -- The title alone (small, its own index): candidates whose title has the words, without reading whole documents.
  title_terms tsvector NOT NULL,
  -- A, B and C without the transcript: what ranking reads (a long transcript's terms made ranking too slow).
  head       tsvector NOT NULL,
  -- Words for suggestions this document counts in search_terms (so a re-index can take them back).
  words      text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX search_docs_doc ON search_docs USING gin (doc);
CREATE INDEX search_docs_title ON search_docs USING gin (title_terms);
CREATE INDEX search_docs_recent ON search_docs (starts_at DESC, episode_id DESC);
CREATE INDEX search_docs_room ON search_docs (room_id, starts_at DESC);
-- A new document drops cached search answers on every node.
CREATE TRIGGER search_docs_notify AFTER INSERT OR UPDATE OR DELETE ON search_docs FOR EACH ROW EXECUTE FUNCTION notify_change();

-- Suggestions: how many documents use each word of a title, column, host or chapter title; kept on write.
CREATE TABLE search_terms (
  term     text PRIMARY KEY,
  -- No CHECK: PostgreSQL checks the proposed row (a negative delta) before it sees the conflict.
  episodes integer NOT NULL
);
CREATE INDEX search_terms_prefix ON search_terms ((term COLLATE "C")) WHERE episodes > 0;

-- Episodes whose document is out of date. Every schedule write path goes through these triggers, so none can
-- forget. Each node's indexer (told on lianxin_search, and every few seconds) leases a batch (SKIP LOCKED, committed
-- at once, so schedule writes never wait on indexing), builds the documents, and removes the rows whose lease is
-- still its own: a change queued again meanwhile clears the lease and is indexed once more. A node that dies
-- mid-batch leaves leases that expire.
CREATE TABLE search_queue (
  episode_id    bigint PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
  queued_at     timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz
);

CREATE FUNCTION search_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'episodes' THEN
    INSERT INTO search_queue (episode_id) VALUES (NEW.id) ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;
  ELSIF TG_TABLE_NAME = 'episode_people' THEN
    INSERT INTO search_queue (episode_id)
      SELECT e.id FROM episodes e WHERE e.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END).episode_id
      ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;
  ELSIF TG_TABLE_NAME = 'columns' THEN
    INSERT INTO search_queue (episode_id) SELECT id FROM episodes WHERE column_id = NEW.id ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;
  ELSIF TG_TABLE_NAME = 'rooms' THEN
    INSERT INTO search_queue (episode_id) SELECT id FROM episodes WHERE room_id = NEW.id ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;
  ELSIF TG_TABLE_NAME = 'people' THEN
    INSERT INTO search_queue (episode_id) SELECT episode_id FROM episode_people WHERE person_id = NEW.id ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;
  END IF;
  PERFORM pg_notify('lianxin_search', '');
  RETURN NULL;
END $$;

CREATE TRIGGER episodes_search AFTER INSERT OR UPDATE OF title, description, column_id, starts_at, status, number
  ON episodes FOR EACH ROW EXECUTE FUNCTION search_enqueue();
CREATE TRIGGER episode_people_search AFTER INSERT OR DELETE ON episode_people FOR EACH ROW EXECUTE FUNCTION search_enqueue();
CREATE TRIGGER columns_search AFTER UPDATE OF name ON columns FOR EACH ROW EXECUTE FUNCTION search_enqueue();
CREATE TRIGGER rooms_search AFTER UPDATE OF name, org_id ON rooms FOR EACH ROW EXECUTE FUNCTION search_enqueue();
CREATE TRIGGER people_search AFTER UPDATE OF name ON people FOR EACH ROW EXECUTE FUNCTION search_enqueue();

-- Episodes that existed before search: index them all.
INSERT INTO search_queue (episode_id) SELECT id FROM episodes ON CONFLICT DO NOTHING;

-- A transcript's distinct terms, weighted D, kept apart so re-indexing an episode (a new title) need not re-read
-- its cues, and so the audit log of transcripts stays small.
CREATE TABLE transcript_terms (
  episode_id bigint PRIMARY KEY REFERENCES transcripts (episode_id) ON DELETE CASCADE,
  terms      tsvector NOT NULL
);
