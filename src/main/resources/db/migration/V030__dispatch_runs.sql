-- Issue 10, mass dispatch (ADR 0026): a dispatch run is one POST /api/months/{m}/dispatch, answered at once and
-- carried out in the background; its items are the dispatches it took (a dispatch may be taken again by a later run,
-- e.g. after it failed, so items are a table of their own and dispatch keeps no run id).
CREATE TABLE dispatch_run (
    id            BIGSERIAL    PRIMARY KEY,
    month         VARCHAR(7)   NOT NULL,
    -- NULL: every issued, unsent document of the month; else the invoice ids asked for (JSON array)
    selection     JSONB,
    requested_by  VARCHAR(100) NOT NULL,
    requested_at  TIMESTAMPTZ  NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR(10)  NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    dry_run       BOOLEAN      NOT NULL DEFAULT FALSE,
    total         INTEGER      NOT NULL DEFAULT 0,
    error         TEXT
);
CREATE INDEX dispatch_run_month ON dispatch_run (month, id);
CREATE INDEX dispatch_run_running ON dispatch_run (status) WHERE status = 'RUNNING';

-- One document of a run. done_at: the run is through with it (its dispatch's state then tells the outcome; a dry
-- run writes its own: RENDERED or NOT_MADE, the dispatch untouched). message: what the run noted for it; detail: a
-- dry run's mail as made (file, recipients, subject, attachments and their sizes).
CREATE TABLE dispatch_run_item (
    run_id       BIGINT       NOT NULL REFERENCES dispatch_run (id),
    dispatch_id  BIGINT       NOT NULL REFERENCES dispatch (id),
    position     INTEGER      NOT NULL,
    done_at      TIMESTAMPTZ,
    outcome      VARCHAR(10)  CHECK (outcome IN ('RENDERED', 'NOT_MADE')),
    message      TEXT,
    detail       JSONB,
    PRIMARY KEY (run_id, dispatch_id)
);
CREATE INDEX dispatch_run_item_dispatch ON dispatch_run_item (dispatch_id);
