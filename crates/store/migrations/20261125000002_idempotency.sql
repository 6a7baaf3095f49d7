-- Idempotency keys: the stored answer to a POST, replayed when the same key comes again.
CREATE TABLE idempotency_keys (
    scope           TEXT NOT NULL,
    idem_key        TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    state           TEXT NOT NULL,
    response_status BIGINT,
    content_type    TEXT,
    response_body   TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
