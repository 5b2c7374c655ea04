ALTER TABLE flags DROP CONSTRAINT flags_boolean_as_kind, DROP COLUMN boolean_as;
ALTER TABLE recipes DROP COLUMN needs_conversion;
