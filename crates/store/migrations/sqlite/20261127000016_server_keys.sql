-- Secrets of the deployment that every process must share (the key CSRF tokens are signed
-- with), each made once by the first process that needs it.
CREATE TABLE server_keys (
    name                TEXT PRIMARY KEY,
    secret              TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
