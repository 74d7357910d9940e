-- Referential: sellers (our legal entities), clients, consultants, contracts.
-- Codes are the stable business keys used in the referential YAML and in URLs.

CREATE TABLE seller (
    code            VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    legal_form      VARCHAR(50),
    share_capital   NUMERIC(15, 2),
    registration    VARCHAR(200),
    siren           CHAR(9)      NOT NULL CHECK (siren ~ '^[0-9]{9}$'),
    vat_number      VARCHAR(20),
    address_lines   TEXT         NOT NULL,
    postcode        VARCHAR(20)  NOT NULL,
    city            VARCHAR(100) NOT NULL,
    country         CHAR(2)      NOT NULL,
    email           VARCHAR(200),
    iban            VARCHAR(34),
    bic             VARCHAR(11),
    invoice_prefix  VARCHAR(20)  NOT NULL,
    vat_on_debits   BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE client (
    code            VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    siren           CHAR(9)      CHECK (siren ~ '^[0-9]{9}$'),
    vat_number      VARCHAR(20),
    address_lines   TEXT         NOT NULL,
    postcode        VARCHAR(20)  NOT NULL,
    city            VARCHAR(100) NOT NULL,
    country         CHAR(2)      NOT NULL,
    language        VARCHAR(5)   NOT NULL DEFAULT 'fr',
    approver_name   VARCHAR(200),
    approver_email  VARCHAR(200),
    billing_name    VARCHAR(200),
    billing_email   VARCHAR(200) NOT NULL,
    billing_cc      TEXT,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE consultant (
    code            VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    email           VARCHAR(200),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE contract (
    code                      VARCHAR(64)   PRIMARY KEY,
    seller_code               VARCHAR(64)   NOT NULL REFERENCES seller (code),
    client_code               VARCHAR(64)   NOT NULL REFERENCES client (code),
    label                     VARCHAR(200)  NOT NULL,
    daily_rate                NUMERIC(12, 2) NOT NULL CHECK (daily_rate >= 0),
    currency                  CHAR(3)       NOT NULL,
    hours_per_day             NUMERIC(5, 2) NOT NULL CHECK (hours_per_day > 0),
    vat_regime                VARCHAR(20)   NOT NULL CHECK (vat_regime IN ('STANDARD', 'REVERSE_CHARGE', 'EXPORT', 'FRANCHISE')),
    vat_rate                  NUMERIC(5, 2) NOT NULL CHECK (vat_rate >= 0),
    payment_terms_days        INTEGER       NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 60),
    po_number                 VARCHAR(100),
    validation_deadline_days  INTEGER       NOT NULL CHECK (validation_deadline_days >= 0),
    start_date                DATE,
    end_date                  DATE,
    updated_at                TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

CREATE TABLE contract_consultant (
    contract_code    VARCHAR(64) NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    consultant_code  VARCHAR(64) NOT NULL REFERENCES consultant (code),
    PRIMARY KEY (contract_code, consultant_code)
);

-- How a tracker's project (or client/task) maps to a contract: source 'generic' and project 'GLOBEX-PLATFORM'.
CREATE TABLE contract_tracker_mapping (
    contract_code  VARCHAR(64)  NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    source         VARCHAR(32)  NOT NULL,
    project        VARCHAR(200) NOT NULL,
    PRIMARY KEY (source, project)
);
