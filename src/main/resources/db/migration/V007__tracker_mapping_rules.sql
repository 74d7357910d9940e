-- Issue 3: entries from every tracker. Who and what an entry belongs to is resolved by rules of the referential;
-- an entry whose tracker user or project maps to nothing is kept (consultant/contract NULL) and listed.

DROP TABLE contract_tracker_mapping;

-- A contract claims a tracker's entries by project, client or task (exact, case-insensitive, or a * pattern).
CREATE TABLE contract_tracker_rule (
    id             BIGSERIAL    PRIMARY KEY,
    contract_code  VARCHAR(64)  NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    source         VARCHAR(32)  NOT NULL,
    project        VARCHAR(200),
    client         VARCHAR(200),
    task           VARCHAR(200),
    CHECK (project IS NOT NULL OR client IS NOT NULL OR task IS NOT NULL)
);
CREATE INDEX contract_tracker_rule_source ON contract_tracker_rule (source);

-- How a tracker names a consultant: its user id, e-mail or name there.
CREATE TABLE consultant_tracker_identity (
    consultant_code  VARCHAR(64)  NOT NULL REFERENCES consultant (code) ON DELETE CASCADE,
    source           VARCHAR(32)  NOT NULL,
    tracker_user     VARCHAR(200) NOT NULL,
    PRIMARY KEY (source, tracker_user)
);

ALTER TABLE time_entry
    ALTER COLUMN consultant_code DROP NOT NULL,
    ADD COLUMN tracker_user       VARCHAR(200),
    ADD COLUMN tracker_user_email VARCHAR(200),
    ADD COLUMN tracker_user_name  VARCHAR(200),
    ADD COLUMN tracker_client     VARCHAR(200),
    ADD COLUMN tracker_task       VARCHAR(200),
    ADD COLUMN start_at           TIMESTAMPTZ,
    ADD COLUMN end_at             TIMESTAMPTZ;

UPDATE time_entry SET tracker_user = consultant_code WHERE tracker_user IS NULL;

CREATE INDEX time_entry_unmapped_consultant ON time_entry (source) WHERE consultant_code IS NULL;

-- some trackers record time without a project
ALTER TABLE time_entry ALTER COLUMN project DROP NOT NULL;

-- provenance now lives in the logs and the inbox's .done/ folder; batches are not stored
ALTER TABLE time_entry DROP COLUMN file_id;
DROP TABLE timesheet_file;
