DROP TABLE api_tokens;
DROP TABLE permissions;
DROP TABLE group_mappings;
DROP TABLE user_groups;
DROP TABLE groups;
DROP TABLE users;
