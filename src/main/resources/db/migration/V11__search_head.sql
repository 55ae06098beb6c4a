-- Search (issue 4), faster: an episode's words and its transcript are matched by two separate indexes.
-- V6 kept one document per episode with the transcript's terms in it (weight D). Every query then scanned the
-- transcripts' long posting lists, though transcript-only hits always rank after the rest, and ranking read the
-- document without them anyway. Now the head (title and 第N期, column, room, hosts, chapters, description) is what
-- a search scans and ranks; transcripts are searched only to fill a page the head did not fill and to count.
-- A transcript upload no longer rebuilds the episode's document: its terms are searchable when it commits.
DROP INDEX search_docs_doc;
ALTER TABLE search_docs DROP COLUMN doc;
CREATE INDEX search_docs_head ON search_docs USING gin (head);
CREATE INDEX transcript_terms_terms ON transcript_terms USING gin (terms);

-- Cached search answers and suggestions (group "search" on every node) are dropped by this notice only: room
-- notices from metrics, followers and replays leave them. What a search answer shows changes with the documents
-- (episode text, rooms, columns, hosts, chapters), transcripts, episodes (times, status) and archives.
CREATE FUNCTION notify_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lianxin_changes', 'search');
  RETURN NULL;
END $$;
CREATE TRIGGER search_docs_search AFTER INSERT OR UPDATE OR DELETE ON search_docs
  FOR EACH STATEMENT EXECUTE FUNCTION notify_search();
CREATE TRIGGER transcripts_search AFTER INSERT OR UPDATE OR DELETE ON transcripts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_search();
CREATE TRIGGER episodes_search_notice AFTER UPDATE OR DELETE ON episodes
  FOR EACH STATEMENT EXECUTE FUNCTION notify_search();
CREATE TRIGGER recordings_search AFTER INSERT OR DELETE ON recordings
  FOR EACH STATEMENT EXECUTE FUNCTION notify_search();
CREATE TRIGGER recordings_search_status AFTER UPDATE ON recordings FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_search();
