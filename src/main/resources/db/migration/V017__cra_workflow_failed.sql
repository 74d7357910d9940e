-- A CRA whose workflow step (reminder, tacit approval, escalation) failed waits in the dead letters for its replay
-- (direct:cra-workflow-one) instead of failing again, with a new dead letter, at every tick of cra-workflow-tick.
ALTER TABLE cra ADD COLUMN workflow_failed_at TIMESTAMPTZ;
