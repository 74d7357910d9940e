-- Dispatch of invoices to clients, one row per invoice and channel. The state is committed before the side
-- effect (SENDING) and after it (SENT), so a crash between the two is visible and never resent blindly.

CREATE TABLE dispatch (
    id            BIGSERIAL    PRIMARY KEY,
    invoice_id    BIGINT       NOT NULL REFERENCES invoice (id),
    channel       VARCHAR(20)  NOT NULL CHECK (channel IN ('EMAIL')),
    recipients    TEXT         NOT NULL,
    status        VARCHAR(20)  NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    message_id    VARCHAR(300) NOT NULL,
    attempts      INTEGER      NOT NULL DEFAULT 0,
    last_error    TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ,
    UNIQUE (invoice_id, channel)
);
