-- Seller accounts: sign-up with verified phone and email, notifications, rate limits,
-- password resets, and log-in throttling.

ALTER TABLE users ADD COLUMN phone_verified_at BIGINT;
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

-- A sign-up in progress: portal and country, then phone, then email and password.
CREATE TABLE signups (
    id                  TEXT PRIMARY KEY NOT NULL,
    token_hash          TEXT NOT NULL UNIQUE,
    portal              TEXT NOT NULL,
    country             TEXT NOT NULL,
    phone               TEXT NOT NULL,
    phone_verified_at   BIGINT,
    email               TEXT,
    password_hash       TEXT,
    email_verified_at   BIGINT,
    user_id             TEXT REFERENCES users(id),
    created_at          BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL
);

-- One-time codes sent by SMS or email. Only a hash of the code is kept.
CREATE TABLE verification_codes (
    id              TEXT PRIMARY KEY NOT NULL,
    purpose         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    target          TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    max_attempts    BIGINT NOT NULL,
    sent_at         BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    consumed_at     BIGINT
);
CREATE INDEX verification_codes_subject ON verification_codes(purpose, subject, sent_at);

-- Fixed-window counters, shared by every process.
CREATE TABLE rate_limits (
    bucket          TEXT PRIMARY KEY NOT NULL,
    window_start    BIGINT NOT NULL,
    hits            BIGINT NOT NULL
);

-- Every message Shopdeck sends; the development outbox is this table.
CREATE TABLE notifications (
    id              TEXT PRIMARY KEY NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    provider        TEXT,
    user_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
    seller_id       TEXT REFERENCES sellers(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX notifications_created ON notifications(created_at);
CREATE INDEX notifications_recipient ON notifications(recipient, created_at);
