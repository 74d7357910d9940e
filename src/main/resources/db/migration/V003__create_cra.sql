-- CRA (compte rendu d'activité): one per contract and month, versioned; the client validates one version.

CREATE TABLE cra (
    id                   BIGSERIAL     PRIMARY KEY,
    contract_code        VARCHAR(64)   NOT NULL REFERENCES contract (code),
    month                CHAR(7)       NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    version              INTEGER       NOT NULL CHECK (version >= 1),
    status               VARCHAR(20)   NOT NULL CHECK (status IN ('DRAFT', 'SENT', 'APPROVED', 'REJECTED', 'SUPERSEDED')),
    total_hours          NUMERIC(9, 2) NOT NULL,
    total_days           NUMERIC(9, 2) NOT NULL,
    validation_deadline  DATE          NOT NULL,
    xml                  TEXT          NOT NULL,
    pdf                  BYTEA         NOT NULL,
    -- SHA-256 of the XML document (what the client validates) and of the facts it was built from
    sha256               CHAR(64)      NOT NULL,
    facts_sha256         CHAR(64)      NOT NULL,
    created_at           TIMESTAMPTZ   NOT NULL DEFAULT now(),
    approved_at          TIMESTAMPTZ,
    approved_by          VARCHAR(200),
    UNIQUE (contract_code, month, version)
);

-- at most one live (non-superseded) version per contract and month
CREATE UNIQUE INDEX cra_one_live_version ON cra (contract_code, month) WHERE status <> 'SUPERSEDED';

-- audit trail of everything that happens to a CRA
CREATE TABLE cra_event (
    id          BIGSERIAL    PRIMARY KEY,
    cra_id      BIGINT       NOT NULL REFERENCES cra (id),
    at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    kind        VARCHAR(30)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    detail      TEXT
);
CREATE INDEX cra_event_cra ON cra_event (cra_id);
