-- Foundation: platform users, shops and their members, sessions, the category tree, jobs.
-- Flags are BIGINT 0/1: sqlx's Any driver cannot decode SQLite booleans.
-- Times are BIGINT microseconds since the Unix epoch (UTC); ids are prefixed text.

CREATE TABLE users (
    id              TEXT PRIMARY KEY NOT NULL,
    email           TEXT NOT NULL UNIQUE,
    phone           TEXT UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    is_operator     BIGINT NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1)),
    locale          TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE sellers (
    id              TEXT PRIMARY KEY NOT NULL,
    store_name      TEXT NOT NULL,
    store_name_key  TEXT UNIQUE,
    country         TEXT NOT NULL,
    currency        TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    portal          TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE seller_members (
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (seller_id, user_id)
);
CREATE INDEX seller_members_user ON seller_members(user_id);

CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    seller_id       TEXT REFERENCES sellers(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    user_agent      TEXT,
    ip              TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE categories (
    id              TEXT PRIMARY KEY NOT NULL,
    parent_id       TEXT REFERENCES categories(id),
    slug            TEXT NOT NULL UNIQUE,
    position        BIGINT NOT NULL,
    is_leaf         BIGINT NOT NULL CHECK (is_leaf IN (0, 1)),
    created_at      BIGINT NOT NULL
);
CREATE INDEX categories_parent ON categories(parent_id, position);

CREATE TABLE category_names (
    category_id     TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    locale          TEXT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (category_id, locale)
);

CREATE TABLE jobs (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL,
    run_at          BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    max_attempts    BIGINT NOT NULL,
    locked_by       TEXT,
    locked_until    BIGINT,
    last_error      TEXT,
    dedupe_key      TEXT UNIQUE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX jobs_due ON jobs(status, run_at);
