-- Issue 10, templates lane (ADR 0025): the quote or purchase order of a contract, uploaded once by the billing team
-- and attached to the contract's invoice mails. Write-once: a document is never changed nor deleted (a new upload of
-- the same kind supersedes the older one for the mails; both stay, with who uploaded them and their SHA-256).
CREATE TABLE contract_document (
    id            BIGSERIAL     PRIMARY KEY,
    contract_code VARCHAR(64)   NOT NULL REFERENCES contract (code),
    kind          VARCHAR(20)   NOT NULL CHECK (kind IN ('QUOTE', 'PURCHASE_ORDER')),
    file_name     VARCHAR(200)  NOT NULL,
    media_type    VARCHAR(100)  NOT NULL,
    size_bytes    INTEGER       NOT NULL CHECK (size_bytes > 0),
    sha256        CHAR(64)      NOT NULL,
    content       BYTEA         NOT NULL,
    uploaded_by   VARCHAR(100)  NOT NULL,
    uploaded_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX contract_document_contract ON contract_document (contract_code, kind, id);

CREATE FUNCTION contract_document_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'contract document % is write-once: it is never changed nor deleted', OLD.id;
END $$;
CREATE TRIGGER contract_document_immutable BEFORE UPDATE OR DELETE ON contract_document
    FOR EACH ROW EXECUTE FUNCTION contract_document_write_once();
