-- Episode truth when hosts stream elsewhere (docs/schedule.md#aired-without-a-button-press):
-- 1. An episode counts as aired once its planned end plus the capture grace has passed without go-live or cancel
--    (the sweep, lianxin.schedule.AirSweep), or once a recording or platform numbers are entered after its start
--    (the triggers below). Either way it is ended, its number fixed, and it is marked as not confirmed by the host.
-- 2. Numbers follow the walk in episodes_renumber: aired numbers never move, and a planned episode never takes a
--    number an aired one holds, even when aired and planned ones interleave in time.

-- How Lianxin learnt that the episode aired: 'host' (it went live, or the host entered it with its number),
-- 'schedule' (its planned end and the capture grace passed), 'recording' or 'metrics' (entered after its start).
-- NULL while it has not aired (scheduled or cancelled). Anything but 'host' is not confirmed by the host.
ALTER TABLE episodes ADD COLUMN aired_by text CHECK (aired_by IN ('host', 'schedule', 'recording', 'metrics'));
-- When Lianxin learnt it; the host may say it did not air until 7 days after this or the planned end, the later.
ALTER TABLE episodes ADD COLUMN aired_at timestamptz;

-- Episodes that aired before this migration went live by the button, or were imported by the host.
ALTER TABLE episodes DISABLE TRIGGER episodes_audit;
ALTER TABLE episodes DISABLE TRIGGER episodes_notify;
UPDATE episodes SET aired_by = 'host', aired_at = coalesce(actual_start, ends_at) WHERE status IN ('live', 'ended');
ALTER TABLE episodes ENABLE TRIGGER episodes_audit;
ALTER TABLE episodes ENABLE TRIGGER episodes_notify;

-- Every write path that airs an episode without naming how (go-live, an import) is the host's; leaving it unairs it.
CREATE FUNCTION episodes_aired_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('live', 'ended') THEN
    NEW.aired_by := coalesce(NEW.aired_by, 'host');
    NEW.aired_at := coalesce(NEW.aired_at, now());
  ELSE
    NEW.aired_by := NULL;
    NEW.aired_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER episodes_aired_fill BEFORE INSERT OR UPDATE OF status, aired_by, aired_at ON episodes
  FOR EACH ROW EXECUTE FUNCTION episodes_aired_fill();
ALTER TABLE episodes ADD CONSTRAINT episodes_aired_known CHECK ((status IN ('live', 'ended')) = (aired_by IS NOT NULL));

-- The sweep's scan: planned episodes by end, so finding the overdue ones reads only those.
CREATE INDEX episodes_scheduled_end ON episodes (ends_at) WHERE status = 'scheduled';

-- A recording or platform numbers entered for a planned episode whose start has passed: it aired. One statement
-- per write (an import of many rows marks each episode once); the number it had stays (see episodes_renumber).
CREATE FUNCTION episodes_aired_by_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE episodes e SET status = 'ended', aired_by = TG_ARGV[0], aired_at = now(), revision = e.revision + 1,
    updated_at = now()
  WHERE e.id IN (SELECT DISTINCT n.episode_id FROM new_rows n) AND e.status = 'scheduled' AND e.starts_at <= now();
  RETURN NULL;
END $$;
CREATE TRIGGER recordings_mark_aired AFTER INSERT ON recordings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION episodes_aired_by_evidence('recording');
CREATE TRIGGER episode_metrics_mark_aired_insert AFTER INSERT ON episode_metrics
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION episodes_aired_by_evidence('metrics');
CREATE TRIGGER episode_metrics_mark_aired_update AFTER UPDATE ON episode_metrics
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION episodes_aired_by_evidence('metrics');

-- Numbers of a room's planned episodes, walking its non-cancelled episodes in order of start from the first planned
-- one: an aired episode keeps its number (the count goes on from it, or from the offset if higher); a planned one
-- takes the next number that no aired episode holds. When every aired episode comes before every planned one (the
-- usual case) this is "planned ones follow the highest aired number in order of start", as before; marking a planned
-- episode aired with the number it has never moves another. Only rows whose number moves are touched, and each
-- such change is a new revision (the calendar's SEQUENCE). Call with the room's row locked.
CREATE FUNCTION episodes_renumber(p_room bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_start timestamptz;
  first_id bigint;
  n integer;
  taken integer[];
  e record;
BEGIN
  SELECT starts_at, id INTO first_start, first_id FROM episodes
   WHERE room_id = p_room AND status = 'scheduled' ORDER BY starts_at, id LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT greatest(r.episode_offset, (SELECT max(x.number) FROM episodes x
                                     WHERE x.room_id = p_room AND x.status IN ('live', 'ended')
                                       AND (x.starts_at, x.id) < (first_start, first_id)))
    INTO n FROM rooms r WHERE r.id = p_room;
  SELECT coalesce(array_agg(x.number), '{}') INTO taken FROM episodes x
   WHERE x.room_id = p_room AND x.status IN ('live', 'ended') AND x.number > n AND (x.starts_at, x.id) > (first_start, first_id);
  FOR e IN SELECT id, status, number FROM episodes
            WHERE room_id = p_room AND status <> 'cancelled' AND (starts_at, id) >= (first_start, first_id)
            ORDER BY starts_at, id LOOP
    IF e.status <> 'scheduled' THEN
      n := greatest(n, e.number);
    ELSE
      n := n + 1;
      WHILE n = ANY (taken) LOOP
        n := n + 1;
      END LOOP;
      IF e.number IS DISTINCT FROM n THEN
        UPDATE episodes SET number = n, revision = revision + 1, updated_at = now() WHERE id = e.id;
      END IF;
    END IF;
  END LOOP;
END $$;
