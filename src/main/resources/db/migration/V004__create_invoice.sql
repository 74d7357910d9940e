-- Invoices. Numbers come from a gapless per-seller, per-series counter, taken under a row lock in the same
-- transaction that inserts the invoice: a rolled-back issue frees nothing and skips nothing.
-- An issued invoice is immutable: triggers refuse any update of its content and any delete.

CREATE TABLE invoice_sequence (
    seller_code  VARCHAR(64) NOT NULL REFERENCES seller (code),
    series       VARCHAR(40) NOT NULL,
    last_number  INTEGER     NOT NULL DEFAULT 0 CHECK (last_number >= 0),
    PRIMARY KEY (seller_code, series)
);

CREATE TABLE invoice (
    id              BIGSERIAL      PRIMARY KEY,
    seller_code     VARCHAR(64)    NOT NULL REFERENCES seller (code),
    series          VARCHAR(40)    NOT NULL,
    sequence_number INTEGER        NOT NULL CHECK (sequence_number >= 1),
    number          VARCHAR(60)    NOT NULL UNIQUE,
    type_code       CHAR(3)        NOT NULL DEFAULT '380',
    client_code     VARCHAR(64)    NOT NULL REFERENCES client (code),
    contract_code   VARCHAR(64)    NOT NULL REFERENCES contract (code),
    cra_id          BIGINT         REFERENCES cra (id),
    month           CHAR(7)        NOT NULL,
    issue_date      DATE           NOT NULL,
    due_date        DATE           NOT NULL,
    currency        CHAR(3)        NOT NULL,
    total_net       NUMERIC(15, 2) NOT NULL,
    total_vat       NUMERIC(15, 2) NOT NULL,
    total_gross     NUMERIC(15, 2) NOT NULL,
    status          VARCHAR(20)    NOT NULL DEFAULT 'ISSUED' CHECK (status IN ('ISSUED')),
    xml             TEXT           NOT NULL,
    pdf             BYTEA          NOT NULL,
    sha256          CHAR(64)       NOT NULL,
    issued_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (seller_code, series, sequence_number),
    CHECK (total_gross = total_net + total_vat)
);

-- one invoice per approved CRA
CREATE UNIQUE INDEX invoice_one_per_cra ON invoice (cra_id) WHERE cra_id IS NOT NULL;
CREATE INDEX invoice_month ON invoice (month);

CREATE TABLE invoice_line (
    invoice_id     BIGINT         NOT NULL REFERENCES invoice (id),
    line_number    INTEGER        NOT NULL,
    description    VARCHAR(500)   NOT NULL,
    consultant_code VARCHAR(64),
    quantity       NUMERIC(12, 2) NOT NULL,
    unit_code      VARCHAR(3)     NOT NULL,
    unit_price     NUMERIC(12, 2) NOT NULL,
    vat_category   VARCHAR(2)     NOT NULL,
    vat_rate       NUMERIC(5, 2)  NOT NULL,
    net_amount     NUMERIC(15, 2) NOT NULL,
    PRIMARY KEY (invoice_id, line_number)
);

CREATE FUNCTION refuse_issued_invoice_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'issued invoice % is immutable: issue a credit note instead', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoice_immutable
    BEFORE UPDATE OR DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_change();

CREATE FUNCTION refuse_issued_invoice_line_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lines of issued invoices are immutable'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoice_line_immutable
    BEFORE UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_line_change();
