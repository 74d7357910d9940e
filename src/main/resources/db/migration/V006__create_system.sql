-- Camel's JDBC idempotent repository (file inboxes: a file is taken once, even by a second instance).
CREATE TABLE camel_messageprocessed (
    processorname  VARCHAR(255) NOT NULL,
    messageid      VARCHAR(500) NOT NULL,
    createdat      TIMESTAMP    NOT NULL DEFAULT now(),
    PRIMARY KEY (processorname, messageid)
);

-- Dead letters: exchanges that failed in a route, with why, and what is needed to replay them.
CREATE TABLE dead_letter (
    id            BIGSERIAL    PRIMARY KEY,
    route_id      VARCHAR(100) NOT NULL,
    endpoint_uri  VARCHAR(500) NOT NULL,
    headers       TEXT         NOT NULL,
    body          BYTEA,
    error         TEXT         NOT NULL,
    failed_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    replayed_at   TIMESTAMPTZ,
    replay_error  TEXT
);
