-- Reliability and security fixes.

-- The fingerprint (SHA-256 of the body) of the API request that placed a checkout with an
-- `Idempotency-Key`, written in the checkout's own transaction: a retry with the same key
-- and another body is refused, the same body replays the checkout.
ALTER TABLE checkouts ADD COLUMN request_hash TEXT;

-- Secrets generated on first start and shared by every process of a deployment
-- (the sandbox providers' signing secret, the key CSRF tokens are signed with).
CREATE TABLE platform_secrets (
    name            TEXT PRIMARY KEY NOT NULL,
    value           TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

-- Devices (a long-lived browser cookie or an API client's device id, stored hashed) that
-- logged in to an account before: their owner gets through while strangers' failed
-- attempts have paused the account.
CREATE TABLE known_devices (
    account_id      TEXT NOT NULL,
    device_hash     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, device_hash)
);
