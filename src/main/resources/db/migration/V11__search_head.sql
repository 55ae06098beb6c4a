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
