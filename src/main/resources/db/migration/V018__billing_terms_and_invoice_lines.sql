-- Issue 8 foundation: exact billed quantities, effective-dated contract terms, invoice line kinds, allowances and
-- charges (ADR 0015).

-- How time is billed: the unit a line counts in and the only rounding allowed (default: exact days).
ALTER TABLE contract
    ADD COLUMN billing_unit     VARCHAR(10) NOT NULL DEFAULT 'DAY' CHECK (billing_unit IN ('DAY', 'HALF_DAY', 'HOUR')),
    ADD COLUMN billing_rounding VARCHAR(12) NOT NULL DEFAULT 'NONE'
        CHECK (billing_rounding IN ('NONE', 'QUARTER_DAY', 'HALF_DAY'));

-- Changes of a contract's commercial terms from a date on; a NULL keeps the value in force before the change.
CREATE TABLE contract_terms (
    contract_code       VARCHAR(64)    NOT NULL REFERENCES contract (code) ON DELETE CASCADE,
    effective_from      DATE           NOT NULL,
    daily_rate          NUMERIC(12, 2) CHECK (daily_rate >= 0),
    currency            CHAR(3),
    vat_regime          VARCHAR(20)    CHECK (vat_regime IN ('STANDARD', 'REVERSE_CHARGE', 'EXPORT', 'FRANCHISE')),
    vat_rate            NUMERIC(5, 2)  CHECK (vat_rate >= 0),
    payment_terms_days  INTEGER        CHECK (payment_terms_days BETWEEN 0 AND 60),
    billing_unit        VARCHAR(10)    CHECK (billing_unit IN ('DAY', 'HALF_DAY', 'HOUR')),
    billing_rounding    VARCHAR(12)    CHECK (billing_rounding IN ('NONE', 'QUARTER_DAY', 'HALF_DAY')),
    PRIMARY KEY (contract_code, effective_from)
);

-- Invoice lines of every kind, with exact quantities (31.875 days) and prices per base quantity (EN 16931 BT-149:
-- 650.00 per 7 hours), their own period (BG-26) and the allowances and charges on them (BG-27, BG-28).
ALTER TABLE invoice_line
    ADD COLUMN kind          VARCHAR(10)    NOT NULL DEFAULT 'TIME' CHECK (kind IN ('TIME', 'EXPENSE', 'PRODUCT', 'FEE')),
    ADD COLUMN base_quantity NUMERIC(12, 4) NOT NULL DEFAULT 1 CHECK (base_quantity > 0),
    ADD COLUMN period_start  DATE,
    ADD COLUMN period_end    DATE,
    ADD COLUMN gross_amount  NUMERIC(15, 2),
    ALTER COLUMN quantity   TYPE NUMERIC(18, 6),
    ALTER COLUMN unit_price TYPE NUMERIC(18, 6),
    ALTER COLUMN description TYPE VARCHAR(1000);

-- Document-level (line_number NULL, BG-20/BG-21) and line-level allowances and charges of an invoice.
CREATE TABLE invoice_allowance_charge (
    invoice_id    BIGINT         NOT NULL REFERENCES invoice (id),
    position      INTEGER        NOT NULL,
    line_number   INTEGER,
    charge        BOOLEAN        NOT NULL,
    amount        NUMERIC(15, 2) NOT NULL CHECK (amount >= 0),
    base_amount   NUMERIC(15, 2),
    percent       NUMERIC(7, 4),
    reason        VARCHAR(200)   NOT NULL,
    reason_code   VARCHAR(10),
    vat_category  VARCHAR(2),
    vat_rate      NUMERIC(5, 2),
    PRIMARY KEY (invoice_id, position),
    FOREIGN KEY (invoice_id, line_number) REFERENCES invoice_line (invoice_id, line_number)
);

CREATE TRIGGER invoice_allowance_charge_immutable
    BEFORE UPDATE OR DELETE ON invoice_allowance_charge
    FOR EACH ROW EXECUTE FUNCTION refuse_issued_invoice_line_change();

-- Document totals beyond net/VAT/gross (EN 16931 BG-22): sum of line nets, allowances, charges.
ALTER TABLE invoice
    ADD COLUMN line_total       NUMERIC(15, 2),
    ADD COLUMN allowance_total  NUMERIC(15, 2),
    ADD COLUMN charge_total     NUMERIC(15, 2);

-- A CRA's days are exact (31.875), as the invoice bills them.
ALTER TABLE cra ALTER COLUMN total_days TYPE NUMERIC(12, 6);
