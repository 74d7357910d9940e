-- CRA validation by the client (issue 7): approvers per client, per-contract workflow terms, signed links, the
-- decision record with the fingerprints of what the approver saw, the mails the workflow sends (an outbox, committed
-- with the state change that queues them), and the scheduled builds already fired.

-- Several approvers per client, in the referential's order; the first decision on a CRA version counts.
CREATE TABLE client_approver (
    client_code  VARCHAR(64)  NOT NULL REFERENCES client (code) ON DELETE CASCADE,
    position     INTEGER      NOT NULL CHECK (position >= 1),
    name         VARCHAR(200),
    email        VARCHAR(200) NOT NULL,
    PRIMARY KEY (client_code, position),
    UNIQUE (client_code, email)
);
INSERT INTO client_approver (client_code, position, name, email)
SELECT code, 1, approver_name, approver_email FROM client WHERE approver_email IS NOT NULL;

-- Workflow terms of a contract: hold CRAs for review before sending, reminders (working days before the deadline),
-- what happens at the deadline, who hears about rejections and escalations.
ALTER TABLE contract
    ADD COLUMN cra_review             BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN reminder_days          VARCHAR(100) NOT NULL DEFAULT '2,1' CHECK (reminder_days ~ '^([0-9]{1,2}(,[0-9]{1,2})*)?$'),
    ADD COLUMN deadline_action        VARCHAR(20)  NOT NULL DEFAULT 'ESCALATE'
                                      CHECK (deadline_action IN ('TACIT_APPROVAL', 'ESCALATE')),
    ADD COLUMN account_manager_name   VARCHAR(200),
    ADD COLUMN account_manager_email  VARCHAR(200);

-- When a seller's CRAs are built on a schedule: a Spring cron expression in crahub.zone; NULL = the last working day
-- of the month at 18:00.
ALTER TABLE seller ADD COLUMN cra_build_cron VARCHAR(100);

-- A CRA version: the deadline is set when it is sent (working days from the sending); the document the approver saw
-- (xml, pdf and their SHA-256) never changes; the approved rendering is kept beside it.
ALTER TABLE cra
    ALTER COLUMN validation_deadline DROP NOT NULL,
    ADD COLUMN pdf_sha256    CHAR(64),
    ADD COLUMN sent_at       TIMESTAMPTZ,
    ADD COLUMN decided_at    TIMESTAMPTZ,
    ADD COLUMN escalated_at  TIMESTAMPTZ,
    ADD COLUMN approved_xml  TEXT,
    ADD COLUMN approved_pdf  BYTEA;
UPDATE cra SET pdf_sha256 = encode(sha256(pdf), 'hex');
ALTER TABLE cra ALTER COLUMN pdf_sha256 SET NOT NULL;
CREATE INDEX cra_status ON cra (status) WHERE status IN ('DRAFT', 'SENT', 'REJECTED');

-- Events carry where they came from when known (the approver's browser).
ALTER TABLE cra_event
    ADD COLUMN ip          VARCHAR(64),
    ADD COLUMN user_agent  VARCHAR(500);

-- A validation link names one CRA version and one approver. The link itself is never stored: it is this id and
-- its expiry signed with HMAC-SHA256 (ValidationTokens), so the database alone does not give a usable link.
CREATE TABLE cra_validation_token (
    id               UUID         PRIMARY KEY,
    cra_id           BIGINT       NOT NULL REFERENCES cra (id),
    approver_name    VARCHAR(200),
    approver_email   VARCHAR(200) NOT NULL,
    issued_at        TIMESTAMPTZ  NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL,
    revoked_at       TIMESTAMPTZ,
    revoked_reason   VARCHAR(30)  CHECK (revoked_reason IN ('SUPERSEDED', 'RESENT')),
    first_opened_at  TIMESTAMPTZ,
    used_at          TIMESTAMPTZ
);
CREATE INDEX cra_validation_token_cra ON cra_validation_token (cra_id);

-- The decision on a CRA version: one per version (the first counts). LINK = the approver on the validation page;
-- RECORDED = a hub user recording an approval received another way; TACIT = the deadline passed under a contract
-- whose deadline action is TACIT_APPROVAL. The SHA-256 are those of the exact XML and PDF the approver saw.
CREATE TABLE cra_decision (
    id              BIGSERIAL    PRIMARY KEY,
    cra_id          BIGINT       NOT NULL UNIQUE REFERENCES cra (id),
    outcome         VARCHAR(20)  NOT NULL CHECK (outcome IN ('APPROVED', 'REJECTED')),
    kind            VARCHAR(20)  NOT NULL CHECK (kind IN ('LINK', 'RECORDED', 'TACIT')),
    approver_name   VARCHAR(200),
    approver_email  VARCHAR(200),
    token_id        UUID         REFERENCES cra_validation_token (id),
    recorded_by     VARCHAR(200),
    reason          TEXT,
    comment         TEXT,
    decided_at      TIMESTAMPTZ  NOT NULL,
    ip              VARCHAR(64),
    user_agent      VARCHAR(500),
    xml_sha256      CHAR(64)     NOT NULL,
    pdf_sha256      CHAR(64)     NOT NULL,
    CHECK (kind <> 'RECORDED' OR (recorded_by IS NOT NULL AND reason IS NOT NULL)),
    CHECK (kind <> 'TACIT' OR outcome = 'APPROVED')
);

-- Per-day verdicts of a decision (a rejection names the days it disputes, with a comment each).
CREATE TABLE cra_day_decision (
    decision_id  BIGINT       NOT NULL REFERENCES cra_decision (id),
    work_date    DATE         NOT NULL,
    outcome      VARCHAR(20)  NOT NULL CHECK (outcome IN ('APPROVED', 'REJECTED')),
    comment      TEXT,
    PRIMARY KEY (decision_id, work_date)
);

-- Mails of the CRA workflow, queued in the transaction that decides them and sent after its commit, exactly once:
-- SENDING is committed before the mail leaves and SENT after (as for invoice dispatches, ADR 5). dedup_key makes a
-- mail queued twice (a reminder for the same day, a retried tick) one row.
CREATE TABLE cra_mail (
    id               BIGSERIAL    PRIMARY KEY,
    cra_id           BIGINT       NOT NULL REFERENCES cra (id),
    kind             VARCHAR(30)  NOT NULL CHECK (kind IN ('VALIDATION_REQUEST', 'REMINDER', 'DECIDED_NOTICE',
                                                           'REJECTION_NOTICE', 'ESCALATION')),
    recipient_name   VARCHAR(200),
    recipient_email  VARCHAR(200) NOT NULL,
    token_id         UUID         REFERENCES cra_validation_token (id),
    dedup_key        VARCHAR(300) NOT NULL,
    status           VARCHAR(20)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    message_id       VARCHAR(300) NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at          TIMESTAMPTZ,
    UNIQUE (cra_id, dedup_key)
);
CREATE INDEX cra_mail_to_send ON cra_mail (id) WHERE status IN ('PENDING', 'FAILED');

-- Scheduled builds already fired (seller, fire time): a fire time is built once, across restarts and instances.
CREATE TABLE cra_build_schedule_run (
    seller_code  VARCHAR(64)  NOT NULL REFERENCES seller (code),
    fire_at      TIMESTAMPTZ  NOT NULL,
    month        CHAR(7)      NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (seller_code, fire_at)
);
