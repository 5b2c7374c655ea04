-- Who may do what: users, Rolf groups, the directory groups that map onto them, grants per deployment, API tokens.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL CONSTRAINT users_username_key UNIQUE,
    source        TEXT NOT NULL CHECK (source IN ('ldap', 'cas', 'service')),
    -- Set only by `rolf-api create-token --admin`: the way in before any directory group is mapped.
    admin         BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at TIMESTAMPTZ
);

CREATE TABLE groups (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL CONSTRAINT groups_name_key UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Directory users' rows are recomputed at each sign-in; service accounts' are set by admins.
CREATE TABLE user_groups (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX user_groups_group_id_idx ON user_groups (group_id);

CREATE TABLE group_mappings (
    group_id        BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    directory_group TEXT NOT NULL,
    PRIMARY KEY (group_id, directory_group)
);
-- Sign-in looks mappings up by directory group.
CREATE INDEX group_mappings_directory_group_idx ON group_mappings (directory_group);

CREATE TABLE permissions (
    deployment_id BIGINT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    group_id      BIGINT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    level         TEXT NOT NULL CHECK (level IN ('view', 'push', 'edit')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (deployment_id, group_id)
);
CREATE INDEX permissions_group_id_idx ON permissions (group_id);

-- Only a SHA-256 of the token is kept: tokens are 256 random bits, so a slow hash would add nothing but latency.
CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   BYTEA NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);
