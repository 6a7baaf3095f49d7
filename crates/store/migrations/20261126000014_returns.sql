-- Returns and refunds after delivery (TikTok Shop's `return` object). A buyer asks for a
-- refund only (REFUND) or a return and refund (RETURN_AND_REFUND) of some units; the seller
-- answers, the buyer ships the item back, the seller checks it, the refund is paid. `items`
-- is JSON `[{"line_no", "quantity"}]`, `photos` JSON `["<file key>", …]`. `deadline` is when
-- the party in `deadline_role` must act (the worker acts for them after it); `open` is 1
-- until nothing can happen to the return any more, and one open return per order is allowed.
CREATE TABLE returns (
    id                  TEXT PRIMARY KEY NOT NULL,
    order_id            TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    buyer_id            TEXT NOT NULL REFERENCES buyers(id),
    return_type         TEXT NOT NULL CHECK (return_type IN ('REFUND', 'RETURN_AND_REFUND')),
    status              TEXT NOT NULL,
    arbitration         TEXT,
    reason              TEXT NOT NULL,
    note                TEXT,
    items               TEXT NOT NULL,
    photos              TEXT NOT NULL,
    seller_fault        BIGINT NOT NULL,
    merchandise_minor   BIGINT NOT NULL,
    shipping_minor      BIGINT NOT NULL,
    refund_minor        BIGINT NOT NULL,
    reject_reason       TEXT,
    reject_note         TEXT,
    return_method       TEXT,
    return_carrier      TEXT,
    return_tracking     TEXT,
    restocked           BIGINT NOT NULL DEFAULT 0,
    refund_id           TEXT,
    deadline            BIGINT,
    deadline_role       TEXT,
    open                BIGINT NOT NULL,
    status_at           BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX returns_order ON returns(order_id, created_at);
CREATE INDEX returns_seller ON returns(seller_id, status, created_at);
CREATE INDEX returns_buyer ON returns(buyer_id, created_at);
CREATE INDEX returns_arbitration ON returns(arbitration, updated_at);
CREATE UNIQUE INDEX returns_one_open ON returns(order_id) WHERE open = 1;

-- A return's history (TikTok's return records): who did what, when, with what note.
CREATE TABLE return_records (
    id                  TEXT PRIMARY KEY NOT NULL,
    return_id           TEXT NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    role                TEXT NOT NULL,
    actor               TEXT,
    action              TEXT NOT NULL,
    status              TEXT NOT NULL,
    note                TEXT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX return_records_return ON return_records(return_id, created_at);

-- Units of a line refunded after delivery.
ALTER TABLE order_lines ADD COLUMN returned_quantity BIGINT NOT NULL DEFAULT 0;
