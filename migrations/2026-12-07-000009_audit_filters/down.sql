DROP INDEX audit_events_target_type_idx;
DROP INDEX audit_events_action_idx;
DROP INDEX audit_events_actor_idx;
