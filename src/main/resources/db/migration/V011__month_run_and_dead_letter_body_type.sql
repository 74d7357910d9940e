-- Dead letters keep their body's type, so a replay gives the route a Long id back as a Long (ADR 0011).
ALTER TABLE dead_letter ADD COLUMN body_type VARCHAR(100);

-- Who runs a month's CRA building, invoicing or dispatch, and since when (ADR 0011). The run itself is guarded by a
-- PostgreSQL advisory lock held for its duration (released by the server if the hub dies); this row only tells a
-- second caller, on any instance, what the first one is doing.
CREATE TABLE month_run (
    operation   VARCHAR(20)  NOT NULL,
    month       VARCHAR(7)   NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    started_by  VARCHAR(200) NOT NULL,
    instance    VARCHAR(200) NOT NULL,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (operation, month)
);
