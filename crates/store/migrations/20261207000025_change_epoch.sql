-- A counter every SQLite write transaction that changes what buyers see moves (store::changes):
-- each process polls it and forgets its caches when another process moved it. PostgreSQL
-- tells processes with LISTEN/NOTIFY instead and leaves it at 0.
CREATE TABLE change_epoch (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n BIGINT NOT NULL
);
INSERT INTO change_epoch (id, n) VALUES (1, 0);
