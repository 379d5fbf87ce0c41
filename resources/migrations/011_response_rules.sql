-- Routes that fail on purpose (response rules): what Hookscope did with each delivery beyond its status. A delivery
-- whose connection was closed or reset on purpose has status_code 0 and answer_action 'closed' or 'reset'; every
-- delivery keeps the delay it was answered after and the rule that decided its answer ("sequence step 1 of 2",
-- "failureRate 0.3 (seed 42)", "action"; NULL when no rule did). Rows written before read as answered, no delay.
ALTER TABLE deliveries ADD COLUMN answer_action TEXT;
ALTER TABLE deliveries ADD COLUMN answer_delay_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN answer_rule TEXT;
