-- Issue 8, drafts and corrections (ADR 0018).

-- Per contract: issue the invoice on the month run (ON_APPROVAL, as before) or hold a draft for review (DRAFT).
ALTER TABLE contract
    ADD COLUMN invoice_issue VARCHAR(12) NOT NULL DEFAULT 'ON_APPROVAL' CHECK (invoice_issue IN ('ON_APPROVAL', 'DRAFT'));

-- A draft is not a document: it has no number, may be drawn up again (replaced) or discarded, and is never sent
-- nor archived. Its id is taken from the invoice ids, so the invoice issued from it keeps it. Once its CRA is
-- invoiced no draft of it may exist (the issuing transaction deletes it; the trigger refuses a late one).
CREATE TABLE invoice_draft (
    id              BIGINT         PRIMARY KEY,
    cra_id          BIGINT         NOT NULL UNIQUE REFERENCES cra (id),
    seller_code     VARCHAR(64)    NOT NULL REFERENCES seller (code),
    client_code     VARCHAR(64)    NOT NULL REFERENCES client (code),
    contract_code   VARCHAR(64)    NOT NULL REFERENCES contract (code),
    month           CHAR(7)        NOT NULL,
    currency        CHAR(3)        NOT NULL,
    total_net       NUMERIC(15, 2) NOT NULL,
    total_vat       NUMERIC(15, 2) NOT NULL,
    total_gross     NUMERIC(15, 2) NOT NULL,
    xml             TEXT           NOT NULL,
    pdf             BYTEA          NOT NULL,
    drawn_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CHECK (total_gross = total_net + total_vat)
);

CREATE FUNCTION refuse_draft_of_invoiced_cra() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM invoice WHERE cra_id = NEW.cra_id OR id = NEW.id) THEN
        RAISE EXCEPTION 'CRA % is already invoiced: no draft of it may be drawn up', NEW.cra_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoice_draft_not_invoiced
    BEFORE INSERT OR UPDATE ON invoice_draft
    FOR EACH ROW EXECUTE FUNCTION refuse_draft_of_invoiced_cra();

-- Corrections: a credit note (type 381) cites the invoice it credits; a replacement invoice (380, "annule et
-- remplace") cites the invoice it replaces. Both are ordinary rows of the immutable invoice table.
ALTER TABLE invoice
    ADD COLUMN preceding_invoice_id BIGINT REFERENCES invoice (id),
    ADD COLUMN correction           VARCHAR(12) CHECK (correction IN ('CREDIT', 'REPLACEMENT')),
    ADD COLUMN reason               VARCHAR(500),
    ADD CONSTRAINT invoice_correction_cites
        CHECK ((correction IS NULL) = (preceding_invoice_id IS NULL)
               AND (type_code = '381') = (correction IS NOT DISTINCT FROM 'CREDIT'));

-- an invoice is replaced once
CREATE UNIQUE INDEX invoice_one_replacement ON invoice (preceding_invoice_id) WHERE correction = 'REPLACEMENT';
CREATE INDEX invoice_preceding ON invoice (preceding_invoice_id) WHERE preceding_invoice_id IS NOT NULL;

-- What each credit note credited on each line of the original (net amounts): the guard against crediting more
-- than was invoiced reads it under a lock on the original's row. Insert-only.
CREATE TABLE invoice_credit (
    credit_note_id BIGINT         NOT NULL REFERENCES invoice (id),
    original_id    BIGINT         NOT NULL REFERENCES invoice (id),
    line_number    INTEGER        NOT NULL,
    quantity       NUMERIC(18, 6),
    amount         NUMERIC(15, 2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (credit_note_id, line_number),
    FOREIGN KEY (original_id, line_number) REFERENCES invoice_line (invoice_id, line_number)
);

CREATE FUNCTION refuse_invoice_credit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'what a credit note credited is part of it: immutable'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoice_credit_immutable
    BEFORE UPDATE OR DELETE ON invoice_credit
    FOR EACH ROW EXECUTE FUNCTION refuse_invoice_credit_change();
