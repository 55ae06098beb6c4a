-- 民生问答: residents ask a room a question without an account; a host approves it, assigns it to an episode,
-- answers it live, and the answer is a moment of that episode's recording.

-- A room's own blocked words, on top of the sensitive-word library's dictionary.
CREATE TABLE room_blocked_words (
  room_id bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  word    text NOT NULL CHECK (length(word) BETWEEN 1 AND 30),
  PRIMARY KEY (room_id, word)
);
CREATE TRIGGER room_blocked_words_audit AFTER INSERT OR UPDATE OR DELETE ON room_blocked_words
  FOR EACH ROW EXECUTE FUNCTION audit_row();

CREATE TABLE questions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id       bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  column_id     bigint,
  text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  nickname      text CHECK (length(nickname) BETWEEN 1 AND 20),
  -- pending until a host approves it; hidden (with a reason) and merged questions are never shown to residents.
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'hidden', 'merged')),
  hide_reason   text CHECK (length(hide_reason) BETWEEN 1 AND 200),
  merged_into   bigint REFERENCES questions (id) ON DELETE SET NULL,
  -- The episode meant to answer it (asked on an episode's page, or assigned by a host).
  episode_id    bigint REFERENCES episodes (id) ON DELETE SET NULL,
  votes         integer NOT NULL DEFAULT 0 CHECK (votes >= 0),
  -- The answer: the episode and the moment of its recording, in milliseconds from the recording's start.
  answer_episode_id bigint REFERENCES episodes (id) ON DELETE SET NULL,
  answer_ms     bigint CHECK (answer_ms BETWEEN 0 AND 43200000),
  answered_at   timestamptz,
  asked_at      timestamptz NOT NULL DEFAULT now(),
  approved_at   timestamptz,
  CONSTRAINT questions_column FOREIGN KEY (room_id, column_id) REFERENCES columns (room_id, id),
  CONSTRAINT questions_hidden_has_reason CHECK (status <> 'hidden' OR hide_reason IS NOT NULL),
  -- Not enforced together with answer_ms: deleting an episode (no route does) sets answer_episode_id null and
  -- leaves the moment; such a question reads as answered without a link.
  CONSTRAINT questions_merged_has_target CHECK (status <> 'merged' OR merged_into IS NOT NULL)
);
CREATE INDEX questions_room ON questions (room_id, status, asked_at);
CREATE INDEX questions_answer_episode ON questions (answer_episode_id) WHERE answer_episode_id IS NOT NULL;
CREATE INDEX questions_episode ON questions (episode_id) WHERE episode_id IS NOT NULL;
-- Hosts' decisions are audited; a vote (only the count moves) and a resident's question (no actor) are not.
CREATE TRIGGER questions_audit AFTER UPDATE OF status, hide_reason, merged_into, episode_id, answer_episode_id, answer_ms
  OR DELETE ON questions FOR EACH ROW EXECUTE FUNCTION audit_row();

-- 我也想问: one per device per question. The device id is kept as its SHA-256, never as sent.
CREATE TABLE question_votes (
  question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  device      bytea NOT NULL CHECK (length(device) = 32),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (question_id, device)
);

-- A change drops the room's cached pages, feeds and calendars (and with them the overviews); search answers only
-- change when a question is approved, hidden, merged, assigned or answered (a new question is pending).
CREATE FUNCTION questions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lianxin_changes', NEW.room_id::text);
  IF TG_OP = 'UPDATE' THEN
    PERFORM pg_notify('lianxin_changes', 'search');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER questions_notify AFTER INSERT OR UPDATE OF status, episode_id, answer_episode_id, answer_ms, text, column_id
  ON questions FOR EACH ROW EXECUTE FUNCTION questions_notify();
