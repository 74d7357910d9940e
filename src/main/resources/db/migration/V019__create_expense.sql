-- Re-billable expenses (issue 8, ADR 0016): what a consultant spent for a contract (travel, lodging, meals, mileage,
-- other), recorded once from the expenses inbox or POST /api/expenses, with its receipt when one was given, and
-- billed at most once. Amounts are stored excluding VAT, with the receipt's VAT rate and VAT amount, in the
-- contract's currency. Nothing is ever edited or deleted: a wrong expense is corrected by a credit note on the
-- invoice that billed it; the only change a row accepts is being marked invoiced, once.

-- How a contract re-bills its expenses: NONE (the default when the referential says nothing), AT_COST (the amount
-- excluding VAT) or MARKUP (that amount plus markup percent); VAT of the billed line at the contract's rate (the
-- accessory follows the principal service) or at the receipt's rate.
ALTER TABLE contract
    ADD COLUMN expense_rebill          VARCHAR(10)   NOT NULL DEFAULT 'NONE'
                                       CHECK (expense_rebill IN ('NONE', 'AT_COST', 'MARKUP')),
    ADD COLUMN expense_markup_percent  NUMERIC(5, 2) CHECK (expense_markup_percent > 0 AND expense_markup_percent <= 100),
    ADD COLUMN expense_vat             VARCHAR(10)   NOT NULL DEFAULT 'CONTRACT'
                                       CHECK (expense_vat IN ('CONTRACT', 'RECEIPT')),
    ADD CONSTRAINT contract_expense_markup CHECK ((expense_rebill = 'MARKUP') = (expense_markup_percent IS NOT NULL));

-- A receipt as uploaded: the bytes (a PDF, JPEG or PNG by its magic bytes), their SHA-256, the name it came with.
-- Archived write-once under data/archive/receipts/ after the commit.
CREATE TABLE expense_receipt (
    id              BIGSERIAL     PRIMARY KEY,
    media_type      VARCHAR(30)   NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    sha256          CHAR(64)      NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    original_name   VARCHAR(255),
    size_bytes      BIGINT        NOT NULL CHECK (size_bytes > 0),
    content         BYTEA         NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    created_by      VARCHAR(200)  NOT NULL,
    CHECK (octet_length(content) = size_bytes),
    CHECK (encode(sha256(content), 'hex') = sha256)
);

CREATE TABLE expense (
    id                 BIGSERIAL      PRIMARY KEY,
    contract_code      VARCHAR(64)    NOT NULL REFERENCES contract (code),
    consultant_code    VARCHAR(64)    NOT NULL REFERENCES consultant (code),
    expense_date       DATE           NOT NULL,
    category           VARCHAR(10)    NOT NULL CHECK (category IN ('TRAVEL', 'LODGING', 'MEALS', 'MILEAGE', 'OTHER')),
    description        VARCHAR(500)   NOT NULL CHECK (description <> ''),
    amount_excl_vat    NUMERIC(12, 2) NOT NULL CHECK (amount_excl_vat > 0),
    vat_rate           NUMERIC(5, 2)  NOT NULL CHECK (vat_rate IN (20, 10, 5.5, 2.1, 0)),
    vat_amount         NUMERIC(12, 2) NOT NULL CHECK (vat_amount >= 0),
    currency           CHAR(3)        NOT NULL,
    -- API, or FILE with the inbox file's name and the line the expense was read from
    source             VARCHAR(4)     NOT NULL CHECK (source IN ('API', 'FILE')),
    source_file        VARCHAR(600),
    source_line        BIGINT,
    -- what makes a second recording of the same expense a no-op: the file line's fingerprint, or the API caller's id
    idempotency_key    VARCHAR(200)   NOT NULL UNIQUE,
    receipt_reference  VARCHAR(200),
    receipt_id         BIGINT         REFERENCES expense_receipt (id),
    created_at         TIMESTAMPTZ    NOT NULL DEFAULT now(),
    created_by         VARCHAR(200)   NOT NULL,
    invoice_id         BIGINT         REFERENCES invoice (id),
    invoiced_at        TIMESTAMPTZ,
    CHECK ((source = 'FILE') = (source_file IS NOT NULL AND source_line IS NOT NULL)),
    CHECK ((invoice_id IS NULL) = (invoiced_at IS NULL)),
    CHECK (vat_rate > 0 OR vat_amount = 0)
);
CREATE INDEX expense_contract_date ON expense (contract_code, expense_date);
CREATE INDEX expense_uninvoiced ON expense (contract_code, expense_date) WHERE invoice_id IS NULL;

-- Insert-only: the single change accepted is "not invoiced -> invoiced" (invoice_id and invoiced_at set once,
-- nothing else touched). A delete is always refused.
CREATE FUNCTION refuse_expense_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.invoice_id IS NULL AND NEW.invoice_id IS NOT NULL AND NEW.invoiced_at IS NOT NULL
       AND (to_jsonb(NEW) - 'invoice_id' - 'invoiced_at') = (to_jsonb(OLD) - 'invoice_id' - 'invoiced_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'expense % is recorded for good: it can only be marked invoiced, once', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER expense_insert_only
    BEFORE UPDATE OR DELETE ON expense
    FOR EACH ROW EXECUTE FUNCTION refuse_expense_change();

CREATE FUNCTION refuse_expense_receipt_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'receipt % is kept as uploaded: it is never changed nor deleted', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER expense_receipt_insert_only
    BEFORE UPDATE OR DELETE ON expense_receipt
    FOR EACH ROW EXECUTE FUNCTION refuse_expense_receipt_change();
