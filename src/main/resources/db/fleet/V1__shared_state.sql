-- The fleet's shared configuration (io.contractgate.fleet, docs/fleet-state.md). Its own Flyway history table
-- (fleet_schema_history) and table prefix, so it shares a database with the quarantine's tables.

-- One row: the configuration version in force. Every admin change locks this row, checks and raises the version.
CREATE TABLE fleet_config (
    id          INT PRIMARY KEY CHECK (id = 1),
    version     BIGINT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    changed_by  TEXT NOT NULL
);
INSERT INTO fleet_config (id, version, changed_at, changed_by) VALUES (1, 0, now(), '');

-- Mappings, contracts, their history (versions, compatibility level) and the shared broker settings: one row per
-- file a gateway writes (item_key: mapping/<id>, contract/<id>, history/<id>/<file>, broker).
CREATE TABLE fleet_item (
    item_key    TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    content     TEXT NOT NULL,
    version     BIGINT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

-- The audit log of every gateway of the fleet, one JSON entry per row, in commit order.
CREATE TABLE fleet_audit (
    seq         BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    instance_id TEXT NOT NULL,
    entry       TEXT NOT NULL
);

-- Every gateway's last report (heartbeat), for the fleet view.
CREATE TABLE fleet_instance (
    instance_id      TEXT PRIMARY KEY,
    app_version      TEXT NOT NULL,
    host             TEXT NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    last_seen        TIMESTAMPTZ NOT NULL,
    mappings_running INT NOT NULL,
    config_version   BIGINT NOT NULL,
    problem          TEXT
);
