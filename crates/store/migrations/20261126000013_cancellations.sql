-- Cancellation requests after payment and before shipment (TikTok Shop's `cancel` object):
-- a buyer's request waits for the seller (approved automatically at `seller_deadline`); a
-- seller's or the system's is decided at once. `items` is JSON `[{"line_no", "quantity"}]`;
-- empty means the whole order.
CREATE TABLE cancellations (
    id                  TEXT PRIMARY KEY NOT NULL,
    order_id            TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    buyer_id            TEXT NOT NULL REFERENCES buyers(id),
    cancel_type         TEXT NOT NULL CHECK (cancel_type IN ('CANCEL', 'BUYER_CANCEL')),
    status              TEXT NOT NULL,
    role                TEXT NOT NULL,
    reason              TEXT NOT NULL,
    note                TEXT,
    items               TEXT NOT NULL,
    reject_reason       TEXT,
    reject_note         TEXT,
    refund_id           TEXT,
    refund_minor        BIGINT,
    seller_deadline     BIGINT,
    decided_by          TEXT,
    decided_at          BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX cancellations_order ON cancellations(order_id, created_at);
CREATE INDEX cancellations_seller ON cancellations(seller_id, status, created_at);
CREATE UNIQUE INDEX cancellations_one_pending ON cancellations(order_id)
    WHERE status = 'CANCELLATION_REQUEST_PENDING';

-- When an order's shipping deadline passed with nothing shipped (late dispatch), and which
-- deadline reminders the seller has had (hours before, comma-separated).
ALTER TABLE orders ADD COLUMN ship_late_at BIGINT;
ALTER TABLE orders ADD COLUMN reminders_sent TEXT NOT NULL DEFAULT '';

-- Units of a line cancelled while the rest of the order goes on.
ALTER TABLE order_lines ADD COLUMN cancelled_quantity BIGINT NOT NULL DEFAULT 0;
