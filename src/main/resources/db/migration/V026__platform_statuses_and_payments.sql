-- Issue 9, platforms (ADR 0022): what approved platforms (AFNOR XP Z12-013) and Chorus Pro say of an issued invoice
-- after it left. The invoice itself never changes (V004): its lifecycle statuses, the payments they report, the
-- alerts they raise and the credit-note drafts they prepare are rows of their own, insert-only.

-- Chorus Pro needs the buyer's service code (BT-10) and often an engagement number (BT-13): per contract, in the
-- referential's invoicing block (invoicing: {issue, serviceCode, engagementNumber}).
ALTER TABLE contract
    ADD COLUMN service_code      VARCHAR(100),
    ADD COLUMN engagement_number VARCHAR(100);

-- One lifecycle status (CDAR process condition code, 200..213) of one invoice as a platform reported it. A status
-- seen twice (a poll and the webhook, two polls) is stored once: unique per invoice, code and time it occurred.
CREATE TABLE invoice_status_event (
    id          BIGSERIAL    PRIMARY KEY,
    invoice_id  BIGINT       NOT NULL REFERENCES invoice (id),
    platform    VARCHAR(64)  NOT NULL,
    flow_id     VARCHAR(200),
    code        CHAR(3)      NOT NULL CHECK (code ~ '^2[0-9]{2}$'),
    label       VARCHAR(100) NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    source      VARCHAR(7)   NOT NULL CHECK (source IN ('POLL', 'WEBHOOK')),
    raw         JSONB        NOT NULL,
    UNIQUE (invoice_id, code, occurred_at)
);
CREATE INDEX invoice_status_event_invoice ON invoice_status_event (invoice_id, occurred_at);

-- Encaissée (212): the invoice is paid. One payment per status event that reported it.
CREATE TABLE invoice_payment (
    id              BIGSERIAL      PRIMARY KEY,
    invoice_id      BIGINT         NOT NULL REFERENCES invoice (id),
    amount          NUMERIC(15, 2) NOT NULL CHECK (amount > 0),
    paid_on         DATE           NOT NULL,
    source          VARCHAR(64)    NOT NULL,
    reference       VARCHAR(200)   NOT NULL,
    status_event_id BIGINT         UNIQUE REFERENCES invoice_status_event (id),
    recorded_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX invoice_payment_invoice ON invoice_payment (invoice_id);

-- Rejetée (213) or Refusée (210): the billing team is alerted (a row here, a WARN line, a counter) and a credit
-- note of the whole invoice is prepared, once per invoice, never issued by the hub on its own.
CREATE TABLE invoice_alert (
    id              BIGSERIAL    PRIMARY KEY,
    invoice_id      BIGINT       NOT NULL REFERENCES invoice (id),
    status_event_id BIGINT       NOT NULL UNIQUE REFERENCES invoice_status_event (id),
    kind            VARCHAR(20)  NOT NULL CHECK (kind IN ('REJECTED', 'REFUSED')),
    message         VARCHAR(2000) NOT NULL,
    raised_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX invoice_alert_invoice ON invoice_alert (invoice_id);

CREATE TABLE credit_note_draft (
    invoice_id      BIGINT         PRIMARY KEY REFERENCES invoice (id),
    status_event_id BIGINT         NOT NULL REFERENCES invoice_status_event (id),
    reason          VARCHAR(500)   NOT NULL,
    total_net       NUMERIC(15, 2) NOT NULL,
    total_gross     NUMERIC(15, 2) NOT NULL,
    prepared_at     TIMESTAMPTZ    NOT NULL DEFAULT now()
);

CREATE FUNCTION refuse_platform_fact_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows record what a platform said: insert-only', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER invoice_status_event_insert_only BEFORE UPDATE OR DELETE ON invoice_status_event
    FOR EACH ROW EXECUTE FUNCTION refuse_platform_fact_change();
CREATE TRIGGER invoice_payment_insert_only BEFORE UPDATE OR DELETE ON invoice_payment
    FOR EACH ROW EXECUTE FUNCTION refuse_platform_fact_change();
CREATE TRIGGER invoice_alert_insert_only BEFORE UPDATE OR DELETE ON invoice_alert
    FOR EACH ROW EXECUTE FUNCTION refuse_platform_fact_change();
CREATE TRIGGER credit_note_draft_insert_only BEFORE UPDATE OR DELETE ON credit_note_draft
    FOR EACH ROW EXECUTE FUNCTION refuse_platform_fact_change();
