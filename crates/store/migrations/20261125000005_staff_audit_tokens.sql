-- Staff: custom roles, invitations; the audit log; API tokens.

CREATE TABLE roles (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    permissions     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (seller_id, name)
);

CREATE TABLE invitations (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    invited_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    accepted_at     BIGINT,
    accepted_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
    revoked_at      BIGINT
);
CREATE INDEX invitations_seller ON invitations(seller_id, created_at);

CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT REFERENCES sellers(id) ON DELETE CASCADE,
    actor_kind      TEXT NOT NULL,
    actor_id        TEXT,
    action          TEXT NOT NULL,
    target          TEXT,
    details         TEXT NOT NULL,
    ip              TEXT,
    user_agent      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX audit_log_seller ON audit_log(seller_id, created_at);

CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    scopes          TEXT NOT NULL,
    created_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT,
    revoked_at      BIGINT
);
CREATE INDEX api_tokens_seller ON api_tokens(seller_id, created_at);
