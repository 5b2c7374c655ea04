-- Sign-in sessions. A session token (JWT) names its row; every request checks the row, so logout and a
-- deleted user take effect at once whatever the token's own expiry says.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source         TEXT NOT NULL CHECK (source IN ('ldap', 'cas')),
    client_address TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
