-- Issue 10, payment reminders and bounces (ADR 0027).

-- payment_reminder: one row per issued invoice (not a credit note) and stage of its contract's paymentReminders (days
-- from the due date, negative before it), planned the first time the daily route sees the invoice unpaid. Its mail
-- keeps one Message-ID per invoice and stage, so a retry is the same mail and mail_message never sends it twice.
-- PENDING: planned; SENDING: claimed, committed before the mail is handed to delivery-mail-send (a row found SENDING
-- after a crash is never resent blindly); SENT; FAILED: the mail did not leave (retried on the next run while attempts
-- remain); CANCELLED: never to be sent (the invoice was paid or credited, a later stage was due, or the day was missed
-- while the hub was down), last_error says why.
CREATE TABLE payment_reminder (
    id          BIGSERIAL      PRIMARY KEY,
    invoice_id  BIGINT         NOT NULL REFERENCES invoice (id),
    offset_days INTEGER        NOT NULL CHECK (offset_days BETWEEN -365 AND 365),
    due_on      DATE           NOT NULL,
    status      VARCHAR(10)    NOT NULL DEFAULT 'PENDING'
                               CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED')),
    message_id  VARCHAR(300)   NOT NULL UNIQUE,
    attempts    INTEGER        NOT NULL DEFAULT 0,
    amount_due  NUMERIC(15, 2),
    sent_at     TIMESTAMPTZ,
    last_error  TEXT,
    created_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (invoice_id, offset_days)
);
CREATE INDEX payment_reminder_open ON payment_reminder (due_on) WHERE status IN ('PENDING', 'FAILED');

-- mail_bounce: every delivery-status notification (RFC 3464) read from a mailbox's inbox about a mail the hub sent,
-- once per DSN and mail. A permanent one (Action: failed, 5.x.x) is the billing team's alert (also a WARN line and
-- the counter crahub.mail.bounces) and is recorded on mail_message (bounced_at, bounce_status, bounce_diagnostic,
-- set once); a transient one (delayed, 4.x.x) is only recorded here.
CREATE TABLE mail_bounce (
    id              BIGSERIAL    PRIMARY KEY,
    mail_message_id BIGINT       NOT NULL REFERENCES mail_message (id),
    dsn_id          VARCHAR(300) NOT NULL,
    account         VARCHAR(64)  NOT NULL,
    permanent       BOOLEAN      NOT NULL,
    action          VARCHAR(20)  NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    recipient       VARCHAR(400),
    diagnostic      TEXT,
    invoice_id      BIGINT       REFERENCES invoice (id),
    cra_id          BIGINT       REFERENCES cra (id),
    dispatch_id     BIGINT       REFERENCES dispatch (id),
    consequence     VARCHAR(2000),
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (mail_message_id, dsn_id)
);
CREATE INDEX mail_bounce_invoice ON mail_bounce (invoice_id);
CREATE INDEX mail_bounce_received ON mail_bounce (received_at);
