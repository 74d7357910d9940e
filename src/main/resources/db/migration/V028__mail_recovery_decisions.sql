-- Issue 10, exactly once (ADR 0024): a mail the crash lookup could not settle (UNCERTAIN) is decided by a person;
-- who, when and why is kept on its mail_message row. handed_at: when the mail was handed to its SMTP server (after
-- the throttle and the Sent draft), the time the throttle spaces.
ALTER TABLE mail_message ADD COLUMN decided_by      VARCHAR(100);
ALTER TABLE mail_message ADD COLUMN decided_at      TIMESTAMPTZ;
ALTER TABLE mail_message ADD COLUMN decision_reason VARCHAR(500);
ALTER TABLE mail_message ADD COLUMN handed_at       TIMESTAMPTZ;
CREATE INDEX mail_message_status ON mail_message (status, id);
