-- E-invoices (issue 9, ADR 0020): the Factur-X, CII and UBL of an issued invoice, built from its canonical XML after
-- the issuing commit, and the validation gate's verdict. Dispatch on any channel needs status VALID.
--  - PENDING: issued, e-invoice not built yet (the build runs after commit; a restart builds what is missing);
--  - VALID: built and passed every validator; its files never change again (trigger below);
--  - INVALID: a validator refused it; messages says why; nothing is dispatched; it may be rebuilt (after a fix of
--    xsl/ or of a template) and validated again, never sent as it is.
CREATE TABLE e_invoice (
    invoice_id       BIGINT       PRIMARY KEY REFERENCES invoice (id),
    status           VARCHAR(10)  NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'VALID', 'INVALID')),
    facturx          BYTEA,
    facturx_sha256   CHAR(64),
    cii              BYTEA,
    cii_sha256       CHAR(64),
    ubl              BYTEA,
    ubl_sha256       CHAR(64),
    -- the template version whose PDF/A conformance this Factur-X relies on (e_invoice_template_check)
    template_version CHAR(64),
    -- the validators' messages: [{validator, severity, rule, location, text}]
    messages         JSONB        NOT NULL DEFAULT '[]'::jsonb,
    builds           INTEGER      NOT NULL DEFAULT 0,
    built_at         TIMESTAMPTZ,
    validated_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (status <> 'VALID' OR (facturx IS NOT NULL AND cii IS NOT NULL AND ubl IS NOT NULL))
);
CREATE INDEX e_invoice_not_valid ON e_invoice (status) WHERE status <> 'VALID';

CREATE FUNCTION e_invoice_valid_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'e-invoice of invoice % cannot be deleted', OLD.invoice_id;
    END IF;
    IF OLD.status = 'VALID' THEN
        RAISE EXCEPTION 'e-invoice of invoice % is valid and final: it never changes', OLD.invoice_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER e_invoice_final BEFORE UPDATE OR DELETE ON e_invoice
    FOR EACH ROW EXECUTE FUNCTION e_invoice_valid_is_final();

-- Full PDF/A-3 checking (veraPDF through Mustang's validator) costs about 0.1 s a document: it runs on the first
-- Factur-X of each template version, and the verdict holds for every invoice rendered with that version (ADR 0020).
CREATE TABLE e_invoice_template_check (
    template_version CHAR(64)    PRIMARY KEY,
    status           VARCHAR(10) NOT NULL CHECK (status IN ('VALID', 'INVALID')),
    invoice_id       BIGINT      NOT NULL REFERENCES invoice (id),
    messages         JSONB       NOT NULL DEFAULT '[]'::jsonb,
    millis           INTEGER     NOT NULL,
    checked_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
