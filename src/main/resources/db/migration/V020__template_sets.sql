-- Template sets (ADR 17): a contract, or its client for all its contracts, names the template set of its invoices
-- (templates/<name>/ in the home; NULL: the client's, else 'default').
ALTER TABLE client ADD COLUMN template_set VARCHAR(64);
ALTER TABLE contract ADD COLUMN template_set VARCHAR(64);

-- An invoice records the set it was rendered with and the set's version: the SHA-256 of the set's files and of the
-- xsl/ tree, archived write-once under data/archive/templates/<version>/ so that its PDF can be rendered again
-- identically. NULL for invoices issued before template sets (rendered with the xsl/ of their day only).
-- Adding columns is not an UPDATE of any row: the invoice_immutable trigger still refuses every change of an issued
-- invoice, these columns included.
ALTER TABLE invoice ADD COLUMN template_set VARCHAR(64);
ALTER TABLE invoice ADD COLUMN template_version CHAR(64)
    CHECK (template_version IS NULL OR template_version ~ '^[0-9a-f]{64}$');
ALTER TABLE invoice ADD CONSTRAINT invoice_template_named
    CHECK ((template_set IS NULL) = (template_version IS NULL));
