-- Issue 10, mail (ADR 0023): the company's own mailboxes, and one record of every mail the hub hands to a mailbox.

-- Which mailbox (crahub.mail.accounts.<name>) a seller's or a contract's mails leave from; NULL: the next in the
-- order contract > account manager's own mailbox > seller > default. payment_reminder_days: the days, relative to
-- the due date, an unpaid invoice of the contract is reminded on (comma-separated, '' = none; like reminder_days).
ALTER TABLE seller ADD COLUMN mail_account VARCHAR(64);
ALTER TABLE contract ADD COLUMN mail_account VARCHAR(64);
ALTER TABLE contract ADD COLUMN payment_reminder_days VARCHAR(200) NOT NULL DEFAULT '-3,7,15,30';

-- mail_message: every transmission of a mail, one row per Message-ID (a Message-ID is stable per document and
-- channel, so a retry updates its row). Written SENDING and committed before the mail is handed to SMTP (or the
-- outbox), SENT after; so after a crash a row still SENDING is the one mail that may or may not have left, and the
-- Sent folder of its mailbox (looked up by Message-ID) or the billing team decides (ADR 0023). The document's own
-- state (dispatch, cra_mail) keeps its workflow; this table keeps the mailbox's side: which mailbox, what the server
-- answered, the Sent copy, the bounce.
CREATE TABLE mail_message (
    id                BIGSERIAL     PRIMARY KEY,
    message_id        VARCHAR(300)  NOT NULL UNIQUE,
    kind              VARCHAR(30)   NOT NULL CHECK (kind IN ('INVOICE', 'CREDIT_NOTE', 'CRA_VALIDATION_REQUEST',
                                        'CRA_REMINDER', 'CRA_DECIDED_NOTICE', 'CRA_REJECTION_NOTICE', 'CRA_ESCALATION',
                                        'PAYMENT_REMINDER')),
    account           VARCHAR(64)   NOT NULL,
    transport         VARCHAR(10)   NOT NULL CHECK (transport IN ('SMTP', 'OUTBOX')),
    sender            VARCHAR(400)  NOT NULL,
    recipients        TEXT          NOT NULL,
    subject           VARCHAR(1000) NOT NULL,
    size_bytes        INTEGER,
    invoice_id        BIGINT        REFERENCES invoice (id),
    cra_id            BIGINT        REFERENCES cra (id),
    dispatch_id       BIGINT        REFERENCES dispatch (id),
    cra_mail_id       BIGINT        REFERENCES cra_mail (id),
    status            VARCHAR(10)   NOT NULL CHECK (status IN ('SENDING', 'SENT', 'FAILED', 'UNCERTAIN')),
    attempts          INTEGER       NOT NULL DEFAULT 1,
    server_reply      TEXT,
    sent_copy         VARCHAR(10)   NOT NULL DEFAULT 'NONE'
                                    CHECK (sent_copy IN ('NONE', 'DRAFT', 'APPENDED', 'SERVER', 'FAILED')),
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    sent_at           TIMESTAMPTZ,
    bounced_at        TIMESTAMPTZ,
    bounce_status     VARCHAR(20),
    bounce_diagnostic TEXT
);
CREATE INDEX mail_message_sending ON mail_message (updated_at) WHERE status IN ('SENDING', 'UNCERTAIN');
CREATE INDEX mail_message_invoice ON mail_message (invoice_id);
CREATE INDEX mail_message_dispatch ON mail_message (dispatch_id);
CREATE INDEX mail_message_cra_mail ON mail_message (cra_mail_id);

-- A personal message for the client, set when a dispatch is asked for (a whole month's, or a selection's), printed
-- by the mail's template above its standard text.
ALTER TABLE dispatch ADD COLUMN personal_message VARCHAR(2000);
