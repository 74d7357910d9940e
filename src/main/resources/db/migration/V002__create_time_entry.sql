-- Timesheet files received and the time entries they carried.

CREATE TABLE timesheet_file (
    id           BIGSERIAL    PRIMARY KEY,
    source       VARCHAR(32)  NOT NULL,
    file_name    VARCHAR(500) NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    row_count    INTEGER      NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE time_entry (
    id               BIGSERIAL     PRIMARY KEY,
    source           VARCHAR(32)   NOT NULL,
    -- the tracker's own id when it has one, else a fingerprint of the entry's content
    external_id      VARCHAR(200)  NOT NULL,
    consultant_code  VARCHAR(64)   NOT NULL REFERENCES consultant (code),
    contract_code    VARCHAR(64)   REFERENCES contract (code),
    project          VARCHAR(200)  NOT NULL,
    work_date        DATE          NOT NULL,
    hours            NUMERIC(7, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
    comment          TEXT          NOT NULL DEFAULT '',
    billable         BOOLEAN       NOT NULL DEFAULT TRUE,
    deleted          BOOLEAN       NOT NULL DEFAULT FALSE,
    file_id          BIGINT        REFERENCES timesheet_file (id),
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    UNIQUE (source, external_id)
);

CREATE INDEX time_entry_contract_date ON time_entry (contract_code, work_date) WHERE NOT deleted;
CREATE INDEX time_entry_unmapped ON time_entry (source, project) WHERE contract_code IS NULL;
