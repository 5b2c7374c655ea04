-- Every change of a push's status, in the order the changes were committed, for the live event stream
-- (GET /api/v1/events/stream). A follower resumes with the last id it saw, so ids must never be handed out
-- out of commit order: the row is written by a deferred trigger, at commit, under a transaction-wide lock.
-- The lock is taken last in every transaction (deferred), so it cannot deadlock with the deployment locks,
-- and is held only for the moment between the insert and the commit.
CREATE TABLE push_events (
    id BIGSERIAL PRIMARY KEY,
    push_id BIGINT NOT NULL,
    deployment_id BIGINT,
    status TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION record_push_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    -- One key for the whole database: the stream's order is global.
    PERFORM pg_advisory_xact_lock(7370001);
    INSERT INTO push_events (push_id, deployment_id, status) VALUES (NEW.id, NEW.deployment_id, NEW.status);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER push_events_record AFTER INSERT OR UPDATE OF status ON pushes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_push_event();
