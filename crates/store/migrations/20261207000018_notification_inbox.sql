-- The in-app notification inbox of seller users and buyers, each person's choice of which
-- notifications they get in the inbox and by e-mail, and the kind of every outgoing message
-- (so the operator's outbox can be searched by it).
-- Times are BIGINT microseconds since the Unix epoch (UTC); flags BIGINT 0/1; ids prefixed text.

-- An entry keeps the kind and its arguments (order number, product name, …), never a sentence:
-- it is written in the reader's language when it is read. A seller user's entry belongs to one
-- shop (a person working in two shops sees each shop's entries there); a buyer's has no shop.
CREATE TABLE inbox_entries (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,
    seller_id       TEXT REFERENCES sellers(id) ON DELETE CASCADE,
    buyer_id        TEXT REFERENCES buyers(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    args            TEXT NOT NULL,
    link            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    read_at         BIGINT,
    CHECK ((user_id IS NOT NULL AND seller_id IS NOT NULL AND buyer_id IS NULL)
        OR (user_id IS NULL AND seller_id IS NULL AND buyer_id IS NOT NULL))
);
CREATE INDEX inbox_entries_user ON inbox_entries(user_id, seller_id, created_at);
CREATE INDEX inbox_entries_buyer ON inbox_entries(buyer_id, created_at);

-- A row only where the person changed the default (both channels on). `recipient_id` is a
-- user's (`usr_…`) or a buyer's (`byr_…`) id.
CREATE TABLE notification_settings (
    recipient_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    in_app          BIGINT NOT NULL CHECK (in_app IN (0, 1)),
    email           BIGINT NOT NULL CHECK (email IN (0, 1)),
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (recipient_id, kind)
);

ALTER TABLE notifications ADD COLUMN kind TEXT;
CREATE INDEX notifications_kind ON notifications(kind, created_at);
