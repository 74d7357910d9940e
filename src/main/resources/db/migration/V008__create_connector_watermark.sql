-- Tracker connectors: where each one's incremental pull stands (value: a timestamp, an epoch, a date, as the vendor
-- filters), moved in the transaction that stores the entries it covers; and how the last pull went.
CREATE TABLE connector_watermark (
    connector        VARCHAR(32)  PRIMARY KEY,
    value            VARCHAR(200),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_pull_at     TIMESTAMPTZ,
    last_success_at  TIMESTAMPTZ,
    last_result      TEXT,
    last_error       TEXT
);
