-- Time on one invoice line per consultant (default) or one line for the contract's team (ADR 0015).
ALTER TABLE contract
    ADD COLUMN billing_lines VARCHAR(16) NOT NULL DEFAULT 'PER_CONSULTANT'
        CHECK (billing_lines IN ('PER_CONSULTANT', 'PER_CONTRACT'));
ALTER TABLE contract_terms
    ADD COLUMN billing_lines VARCHAR(16) CHECK (billing_lines IN ('PER_CONSULTANT', 'PER_CONTRACT'));
