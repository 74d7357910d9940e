-- Channels per client and dispatch with fallback (issue 9, ADR 0021).
--
-- client_channel: the client's channels in its fallback order (referential `channels:`), replaced on every
-- referential load like client_approver. settings holds the channel's own referential entries (a folder, an SFTP
-- host, a platform's name, a credentials NAME): never a secret, those come from the environment only.
CREATE TABLE client_channel (
    client_code VARCHAR(64) NOT NULL REFERENCES client (code) ON DELETE CASCADE,
    position    INTEGER     NOT NULL CHECK (position >= 1),
    type        VARCHAR(20) NOT NULL CHECK (type IN ('file', 'pa', 'chorus-pro', 'email')),
    format      VARCHAR(10) NOT NULL CHECK (format IN ('FACTURX', 'CII', 'UBL')),
    settings    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (client_code, position)
);

-- dispatch: now ONE row per invoice (its delivery), whose channel and position are the channel being tried in the
-- client's fallback order; plan is the list of channels of the current round ([{type, format, settings}], read from
-- client_channel when a round starts). State is still committed before each send (SENDING) and after it, so a crash
-- in between stays visible (SENDING with no attempt row for it) and is never resent blindly.
--  RETRY: the channel asked to be tried again later (next_attempt_at); BLOCKED: the validation gate refused the
--  e-invoice, nothing was sent; FAILED: every channel failed (the invoice is in the dead letters).
ALTER TABLE dispatch DROP CONSTRAINT dispatch_channel_check;
ALTER TABLE dispatch DROP CONSTRAINT dispatch_status_check;
UPDATE dispatch SET channel = 'email' WHERE channel = 'EMAIL';
ALTER TABLE dispatch ADD CONSTRAINT dispatch_channel_check CHECK (channel IN ('file', 'pa', 'chorus-pro', 'email'));
ALTER TABLE dispatch ADD CONSTRAINT dispatch_status_check
    CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'RETRY', 'FAILED', 'BLOCKED'));
ALTER TABLE dispatch DROP CONSTRAINT dispatch_invoice_id_channel_key;
ALTER TABLE dispatch ADD CONSTRAINT dispatch_one_per_invoice UNIQUE (invoice_id);
ALTER TABLE dispatch ALTER COLUMN recipients DROP NOT NULL;
ALTER TABLE dispatch ADD COLUMN position         INTEGER     NOT NULL DEFAULT 1;
ALTER TABLE dispatch ADD COLUMN format           VARCHAR(10) NOT NULL DEFAULT 'FACTURX'
    CHECK (format IN ('FACTURX', 'CII', 'UBL'));
ALTER TABLE dispatch ADD COLUMN plan             JSONB       NOT NULL DEFAULT '[{"type": "email", "format": "FACTURX", "settings": {}}]'::jsonb;
ALTER TABLE dispatch ADD COLUMN channel_attempts INTEGER     NOT NULL DEFAULT 0;
ALTER TABLE dispatch ADD COLUMN remote_id        VARCHAR(500);
ALTER TABLE dispatch ADD COLUMN next_attempt_at  TIMESTAMPTZ;
CREATE INDEX dispatch_retry_due ON dispatch (next_attempt_at) WHERE status = 'RETRY';

-- dispatch_attempt: every try of a channel (and every refusal by the gate), insert-only.
CREATE TABLE dispatch_attempt (
    id           BIGSERIAL   PRIMARY KEY,
    dispatch_id  BIGINT      NOT NULL REFERENCES dispatch (id),
    invoice_id   BIGINT      NOT NULL REFERENCES invoice (id),
    channel      VARCHAR(20) NOT NULL,
    position     INTEGER     NOT NULL,
    format       VARCHAR(10) NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    outcome      VARCHAR(10) NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'FAILED', 'BLOCKED')),
    remote_id    VARCHAR(500),
    message      TEXT
);
CREATE INDEX dispatch_attempt_invoice ON dispatch_attempt (invoice_id, id);

CREATE FUNCTION dispatch_attempt_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dispatch attempt % is history: it is never changed nor deleted', OLD.id;
END $$;
CREATE TRIGGER dispatch_attempt_immutable BEFORE UPDATE OR DELETE ON dispatch_attempt
    FOR EACH ROW EXECUTE FUNCTION dispatch_attempt_insert_only();

-- the mails sent before this version, as the attempts they were
INSERT INTO dispatch_attempt (dispatch_id, invoice_id, channel, position, format, attempted_at, outcome, remote_id, message)
SELECT id, invoice_id, 'email', 1, 'FACTURX', sent_at, 'DELIVERED', message_id, 'mailed to ' || recipients || ' (the invoice PDF, before e-invoices)'
FROM dispatch WHERE status = 'SENT' AND sent_at IS NOT NULL ORDER BY id;
