-- The overview's follower figures from a period's account-months alone (issue 5).
--
-- Each follower_months row also holds prev_count: the account's last reading of its previous month that has
-- readings (NULL for the account's first such month). Then, over an account's rows,
--   last_count - coalesce(prev_count, first_count)  is the growth within the row's month, and
--   last_count - coalesce(prev_count, 0)             is the change of its running total,
-- so a period of whole months grows by the sum of the first over its rows, and the followers at a month's end
-- are the latest readings less the sum of the second over the later rows: no probe of follower_snapshots per
-- account and period edge, and no ordering of the rows (the V7 overview sorted every account-month for a lag).
-- The writers keep the column: a reading recomputes its month (as before), that month's link to the one before,
-- and the next month's link to it, under the account's advisory lock.

ALTER TABLE follower_months ADD COLUMN prev_count bigint;

UPDATE follower_months f SET prev_count = l.prev
FROM (SELECT room_id, platform, month, lag(last_count) OVER (PARTITION BY room_id, platform ORDER BY month) AS prev
      FROM follower_months) l
WHERE f.room_id = l.room_id AND f.platform = l.platform AND f.month = l.month AND l.prev IS NOT NULL;

-- The city's months in a period: read by month, not account by account.
CREATE INDEX follower_months_month ON follower_months (month);

-- The last reading of the account's latest month with readings before p_month.
CREATE FUNCTION follower_prev(p_room bigint, p_platform text, p_month date) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT q.last_count FROM follower_months q WHERE q.room_id = p_room AND q.platform = p_platform AND q.month < p_month
  ORDER BY q.month DESC LIMIT 1
$$;

CREATE OR REPLACE FUNCTION follower_refresh(p_room bigint, p_platform text, p_at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  m date;
BEGIN
  SELECT timezone INTO zone FROM rooms WHERE id = p_room;
  IF zone IS NULL THEN
    RETURN; -- the room is being deleted; its rows go with it
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('followers/' || p_room || '/' || p_platform, 0));
  m := date_trunc('month', p_at AT TIME ZONE zone)::date;
  INSERT INTO follower_months AS f (room_id, platform, month, first_count, last_count, last_at, prev_count)
  SELECT p_room, p_platform, m, (array_agg(s.count ORDER BY s.at))[1], (array_agg(s.count ORDER BY s.at DESC))[1], max(s.at),
    follower_prev(p_room, p_platform, m)
  FROM follower_snapshots s WHERE s.room_id = p_room AND s.platform = p_platform
    AND s.at >= (m::timestamp AT TIME ZONE zone) AND s.at < ((m + interval '1 month') AT TIME ZONE zone)
  HAVING count(*) > 0
  ON CONFLICT (room_id, platform, month) DO UPDATE SET first_count = EXCLUDED.first_count,
    last_count = EXCLUDED.last_count, last_at = EXCLUDED.last_at, prev_count = EXCLUDED.prev_count;
  IF NOT FOUND THEN
    DELETE FROM follower_months WHERE room_id = p_room AND platform = p_platform AND month = m;
  END IF;
  -- The account's next month with readings now follows this one (or, when this one is gone, the one before).
  UPDATE follower_months f SET prev_count = follower_prev(p_room, p_platform, f.month)
  WHERE f.room_id = p_room AND f.platform = p_platform
    AND f.month = (SELECT min(n.month) FROM follower_months n WHERE n.room_id = p_room AND n.platform = p_platform AND n.month > m)
    AND f.prev_count IS DISTINCT FROM follower_prev(p_room, p_platform, f.month);
  INSERT INTO follower_latest AS f (room_id, platform, count, at)
  SELECT s.room_id, s.platform, s.count, s.at FROM follower_snapshots s
  WHERE s.room_id = p_room AND s.platform = p_platform ORDER BY s.at DESC LIMIT 1
  ON CONFLICT (room_id, platform) DO UPDATE SET count = EXCLUDED.count, at = EXCLUDED.at;
  IF NOT FOUND THEN
    DELETE FROM follower_latest WHERE room_id = p_room AND platform = p_platform;
  END IF;
END $$;

-- All readings of a room, month by month on its clock (when the room changes zone).
CREATE OR REPLACE FUNCTION follower_months_of(p_room bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM follower_months WHERE room_id = p_room;
  INSERT INTO follower_months (room_id, platform, month, first_count, last_count, last_at, prev_count)
  SELECT room_id, platform, month, first_count, last_count, last_at,
    lag(last_count) OVER (PARTITION BY room_id, platform ORDER BY month)
  FROM (
    SELECT s.room_id, s.platform, date_trunc('month', s.at AT TIME ZONE r.timezone)::date AS month,
      (array_agg(s.count ORDER BY s.at))[1] AS first_count, (array_agg(s.count ORDER BY s.at DESC))[1] AS last_count,
      max(s.at) AS last_at
    FROM follower_snapshots s JOIN rooms r ON r.id = s.room_id WHERE s.room_id = p_room GROUP BY 1, 2, 3
  ) months;
END $$;
