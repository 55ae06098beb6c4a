-- Ingest health: what the publishing node last measured of the stream it receives (bitrate, frame rate, keyframe
-- interval), so the host desk shows it whichever node answers.
ALTER TABLE live_sessions ADD COLUMN health jsonb CHECK (health IS NULL OR jsonb_typeof(health) = 'object');
ALTER TABLE live_sessions ADD COLUMN health_at timestamptz;
