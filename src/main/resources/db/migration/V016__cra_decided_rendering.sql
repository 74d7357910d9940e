-- The decided rendering of a CRA (approved_xml, approved_pdf: V012) is made by route cra-render-decided-poll for
-- every decided CRA still without one. A rendering that failed waits in the dead letters for its replay instead of
-- failing again at every poll.
ALTER TABLE cra ADD COLUMN decided_render_failed_at TIMESTAMPTZ;
CREATE INDEX cra_decided_to_render ON cra (id) WHERE decided_at IS NOT NULL AND approved_pdf IS NULL;
