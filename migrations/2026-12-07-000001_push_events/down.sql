DROP TRIGGER push_events_record ON pushes;
DROP FUNCTION record_push_event();
DROP TABLE push_events;
