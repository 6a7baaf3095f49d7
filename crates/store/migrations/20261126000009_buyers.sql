-- Buyer accounts on the storefront: sign-up by email or phone with a one-time code, sessions
-- (separate from sellers' and with their own token prefix), and the address book.
-- Times are BIGINT microseconds since the Unix epoch (UTC); flags BIGINT 0/1; ids prefixed text.

-- A buyer logs in with an email address or a phone number (E.164), or either when both are
-- known. Emails are stored lower-cased.
CREATE TABLE buyers (
    id              TEXT PRIMARY KEY NOT NULL,
    email           TEXT UNIQUE,
    phone           TEXT UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    locale          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);

-- A sign-up waiting for its code (`verification_codes` with purpose `buyer_signup` and this
-- row's id as subject). Exactly one of email and phone is set.
CREATE TABLE buyer_signups (
    id              TEXT PRIMARY KEY NOT NULL,
    email           TEXT,
    phone           TEXT,
    locale          TEXT NOT NULL,
    buyer_id        TEXT REFERENCES buyers(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    completed_at    BIGINT,
    CHECK ((email IS NULL) <> (phone IS NULL))
);
CREATE INDEX buyer_signups_expiry ON buyer_signups(expires_at);

-- Only a hash of the session token is kept.
CREATE TABLE buyer_sessions (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    user_agent      TEXT,
    ip              TEXT
);
CREATE INDEX buyer_sessions_buyer ON buyer_sessions(buyer_id);
CREATE INDEX buyer_sessions_expiry ON buyer_sessions(expires_at);

-- Delivery addresses. `region` (state, province, prefecture) is trimmed free text that
-- shipping-fee rules match on; `phone` is E.164 for the address's country. At most one
-- default per buyer.
CREATE TABLE buyer_addresses (
    id              TEXT PRIMARY KEY NOT NULL,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
    recipient_name  TEXT NOT NULL,
    phone           TEXT NOT NULL,
    country         TEXT NOT NULL,
    region          TEXT,
    city            TEXT NOT NULL,
    postal_code     TEXT,
    line1           TEXT NOT NULL,
    line2           TEXT,
    is_default      BIGINT NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX buyer_addresses_buyer ON buyer_addresses(buyer_id, created_at);
CREATE UNIQUE INDEX buyer_addresses_one_default ON buyer_addresses(buyer_id) WHERE is_default = 1;
