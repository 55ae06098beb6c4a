-- Search (issue 4), filtered: a transcript match is filtered by its own row. With the filters only on search_docs,
-- counting transcript-only matches in one district joined every transcript match with the filtered documents
-- (107 ms on the bench data). transcript_terms now carries a copy of its search document's room, column, org and
-- start, written with the document (Documents.index, the one place search_docs is written); NULL while the episode
-- has no document (cancelled, or not indexed yet), so such a transcript is not found, as before.
ALTER TABLE transcript_terms ADD COLUMN room_id bigint, ADD COLUMN column_id bigint, ADD COLUMN org_id bigint,
  ADD COLUMN starts_at timestamptz;
UPDATE transcript_terms t SET room_id = d.room_id, column_id = d.column_id, org_id = d.org_id, starts_at = d.starts_at
FROM search_docs d WHERE d.episode_id = t.episode_id;
-- An org subtree is combined with the terms' GIN index by a bitmap AND; a room's or column's few transcripts are
-- read through its own index (SearchQuery). Measured on the bench data (README): a district from a date counted
-- in 12 ms, against 34 ms with the GIN index and a heap filter, and 34 ms with one multicolumn btree_gin index on
-- (terms, org_id, room_id, starts_at), which the planner passed over for the district's 111 orgs.
CREATE INDEX transcript_terms_org ON transcript_terms (org_id, starts_at);
CREATE INDEX transcript_terms_room ON transcript_terms (room_id, starts_at);
CREATE INDEX transcript_terms_column ON transcript_terms (column_id, starts_at);
