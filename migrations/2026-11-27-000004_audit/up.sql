-- Who changed what. Kept forever and never tied by foreign key to what it describes, so deleting a deployment
-- or a user leaves its audit trail intact; the actor's name is copied for the same reason.
CREATE TABLE audit_events (
    id            BIGSERIAL PRIMARY KEY,
    at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id      BIGINT,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     BIGINT,
    deployment_id BIGINT,
    before        JSONB,
    after         JSONB
);
CREATE INDEX audit_events_deployment_id_idx ON audit_events (deployment_id, id);
CREATE INDEX audit_events_actor_id_idx ON audit_events (actor_id, id);
