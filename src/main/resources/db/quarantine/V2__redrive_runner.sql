-- which gateway runs a re-drive job (its MQTT client id) and when it last reported progress: a gateway resumes at
-- start only its own jobs and those whose runner has been silent for the lease, so two members of a fleet sharing
-- this database never run one job twice
ALTER TABLE quarantine_redrive_job ADD COLUMN runner VARCHAR(256);
ALTER TABLE quarantine_redrive_job ADD COLUMN heartbeat_at BIGINT;
