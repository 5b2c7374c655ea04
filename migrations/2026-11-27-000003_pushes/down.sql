DROP TABLE log_lines;
DROP TABLE push_stages;
DROP TABLE pushes;
