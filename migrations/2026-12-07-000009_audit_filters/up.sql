-- GET /audit filters by actor name and by action or target type, newest first: without these, a filter that
-- matches few events walks the whole trail, which is kept forever.
CREATE INDEX audit_events_actor_idx ON audit_events (actor, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
CREATE INDEX audit_events_target_type_idx ON audit_events (target_type, id);
