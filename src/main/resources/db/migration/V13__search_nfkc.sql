-- Search text is NFKC-normalized before segmentation from now on (Terms.normalize): the full-width digits and
-- letters of Chinese keyboards (第５８期, ＡＰＰ) index as 58 and app, as queries typed either way now read.
-- Documents built before from text that NFKC changes are queued for the indexer, which rebuilds them in Java.
INSERT INTO search_queue (episode_id)
  SELECT e.id FROM episodes e JOIN rooms r ON r.id = e.room_id LEFT JOIN columns c ON c.id = e.column_id
  WHERE e.title IS NOT NFKC NORMALIZED OR coalesce(e.description, '') IS NOT NFKC NORMALIZED
    OR r.name IS NOT NFKC NORMALIZED OR coalesce(c.name, '') IS NOT NFKC NORMALIZED
    OR EXISTS (SELECT 1 FROM chapters ch WHERE ch.episode_id = e.id AND ch.title IS NOT NFKC NORMALIZED)
    OR EXISTS (SELECT 1 FROM episode_people ep JOIN people p ON p.id = ep.person_id
               WHERE ep.episode_id = e.id AND p.name IS NOT NFKC NORMALIZED)
  ON CONFLICT (episode_id) DO UPDATE SET queued_at = now(), claimed_until = NULL;

-- Transcript terms are made at upload, not by the indexer. Their terms hold only letters and digits, and NFKC maps
-- a full-width term (１２３４５, ａｐｐ) to what segmenting the normalized text gives, so those are normalized in
-- place (such a cue loses its term positions, which only phrase queries would read; none are made).
UPDATE transcript_cues SET terms = to_tsvector('simple', normalize(array_to_string(tsvector_to_array(terms), ' '), NFKC))
  WHERE array_to_string(tsvector_to_array(terms), ' ') IS NOT NFKC NORMALIZED;
UPDATE transcript_terms SET terms = setweight(to_tsvector('simple', normalize(array_to_string(tsvector_to_array(terms), ' '), NFKC)), 'D')
  WHERE array_to_string(tsvector_to_array(terms), ' ') IS NOT NFKC NORMALIZED;
