-- Issue 8, VAT lane (ADR 0019): franchise en base as a seller's status, exchange rates for invoices in another
-- currency (EN 16931 BT-6, BT-111), products, fixed fees and discounts from the contract or added for a month.

-- Art. 293 B CGI: the franchise en base is the status of the seller (its turnover), not of one contract.
ALTER TABLE seller ADD COLUMN vat_franchise BOOLEAN NOT NULL DEFAULT FALSE;

-- Products and fixed fees a contract bills every month (or once, in the month of 'from'); replaced on each load.
CREATE TABLE contract_product (
    contract_code     VARCHAR(64)    NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    position          INTEGER        NOT NULL,
    code              VARCHAR(64)    NOT NULL,
    kind              VARCHAR(10)    NOT NULL CHECK (kind IN ('PRODUCT', 'FEE')),
    description       VARCHAR(500)   NOT NULL,
    unit_price        NUMERIC(18, 6) NOT NULL CHECK (unit_price >= 0),
    unit_code         VARCHAR(3)     NOT NULL,
    vat_rate          NUMERIC(5, 2),
    quantity          NUMERIC(18, 6) NOT NULL CHECK (quantity > 0),
    every             VARCHAR(5)     NOT NULL CHECK (every IN ('MONTH', 'ONCE')),
    from_date         DATE,
    to_date           DATE,
    discount_percent  NUMERIC(7, 4),
    discount_amount   NUMERIC(15, 2),
    discount_reason   VARCHAR(200),
    PRIMARY KEY (contract_code, position)
);

-- Discounts on the whole invoice (document-level allowances, BG-20) a contract grants from/to a date.
CREATE TABLE contract_discount (
    contract_code  VARCHAR(64)   NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    position       INTEGER       NOT NULL,
    reason         VARCHAR(200)  NOT NULL,
    percent        NUMERIC(7, 4),
    amount         NUMERIC(15, 2),
    from_date      DATE,
    to_date        DATE,
    PRIMARY KEY (contract_code, position),
    CHECK ((percent IS NULL) <> (amount IS NULL))
);

-- Lines added by a billing user for one contract and month (POST /api/contracts/{code}/months/{m}/lines). Never
-- edited nor deleted; the issuing transaction marks each with its invoice once (the invoice row is written later in
-- the same transaction, hence the deferred foreign key).
CREATE TABLE contract_month_line (
    id                BIGSERIAL      PRIMARY KEY,
    contract_code     VARCHAR(64)    NOT NULL REFERENCES contract (code),
    month             CHAR(7)        NOT NULL,
    kind              VARCHAR(10)    NOT NULL CHECK (kind IN ('PRODUCT', 'FEE')),
    description       VARCHAR(500)   NOT NULL,
    quantity          NUMERIC(18, 6) NOT NULL CHECK (quantity > 0),
    unit_code         VARCHAR(3)     NOT NULL,
    unit_price        NUMERIC(18, 6) NOT NULL CHECK (unit_price >= 0),
    vat_rate          NUMERIC(5, 2),
    discount_percent  NUMERIC(7, 4),
    discount_amount   NUMERIC(15, 2),
    discount_reason   VARCHAR(200),
    created_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
    created_by        VARCHAR(100)   NOT NULL,
    invoice_id        BIGINT         REFERENCES invoice (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX contract_month_line_open ON contract_month_line (contract_code, month) WHERE invoice_id IS NULL;

CREATE FUNCTION contract_month_line_mark_once() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.invoice_id IS NULL AND NEW.invoice_id IS NOT NULL
       AND (to_jsonb(NEW) - 'invoice_id') = (to_jsonb(OLD) - 'invoice_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'month lines are never edited nor deleted; only marked once with their invoice'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER contract_month_line_immutable
    BEFORE UPDATE OR DELETE ON contract_month_line
    FOR EACH ROW EXECUTE FUNCTION contract_month_line_mark_once();

-- Euros per unit of a currency on a date (ECB reference rates, or recorded by a user). Insert-only: an invoice
-- converted at a rate must find it unchanged years later.
CREATE TABLE exchange_rate (
    currency      CHAR(3)        NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'EUR'),
    rate_date     DATE           NOT NULL,
    eur_per_unit  NUMERIC(18, 6) NOT NULL CHECK (eur_per_unit > 0),
    source        VARCHAR(20)    NOT NULL CHECK (source IN ('ECB', 'MANUAL')),
    recorded_at   TIMESTAMPTZ    NOT NULL DEFAULT now(),
    recorded_by   VARCHAR(100)   NOT NULL,
    PRIMARY KEY (currency, rate_date)
);

CREATE FUNCTION refuse_exchange_rate_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'exchange rates are never changed nor deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER exchange_rate_immutable
    BEFORE UPDATE OR DELETE ON exchange_rate
    FOR EACH ROW EXECUTE FUNCTION refuse_exchange_rate_change();

-- An invoice in another currency states its VAT in euros too (BT-6 = EUR, BT-111) and the rate it used.
ALTER TABLE invoice
    ADD COLUMN tax_currency        CHAR(3),
    ADD COLUMN tax_accounting      NUMERIC(15, 2),
    ADD COLUMN exchange_rate       NUMERIC(18, 6),
    ADD COLUMN exchange_rate_date  DATE;
