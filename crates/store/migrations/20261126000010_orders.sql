-- Buying: shipping templates, carts, checkouts, orders with their lines and timeline,
-- payments with the provider's callbacks, refunds, and the sandbox payment provider's own
-- sessions. Money is integer minor units; every order carries its deadlines.

-- Minutes of the buyer-remorse window after payment (0 = off, TikTok uses 60).
ALTER TABLE sellers ADD COLUMN hold_minutes BIGINT NOT NULL DEFAULT 0;

CREATE TABLE shipping_templates (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    rules           TEXT NOT NULL,
    free_above_minor BIGINT,
    is_default      BIGINT NOT NULL CHECK (is_default IN (0, 1)),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (seller_id, name)
);

-- A product or live session the buyer came from, kept with the line for attribution.
CREATE TABLE cart_items (
    id              TEXT PRIMARY KEY NOT NULL,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
    sku_id          TEXT NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
    quantity        BIGINT NOT NULL CHECK (quantity > 0),
    source_kind     TEXT,
    source_id       TEXT,
    added_at        BIGINT NOT NULL,
    UNIQUE (buyer_id, sku_id)
);

CREATE TABLE checkouts (
    id              TEXT PRIMARY KEY NOT NULL,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
    order_count     BIGINT NOT NULL,
    -- A key the buyer's form or client sent, so a resubmitted checkout finds the first one.
    client_key      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX checkouts_client_key ON checkouts(buyer_id, client_key);

CREATE TABLE payments (
    id              TEXT PRIMARY KEY NOT NULL,
    checkout_id     TEXT NOT NULL REFERENCES checkouts(id) ON DELETE CASCADE,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
    provider        TEXT NOT NULL,
    provider_ref    TEXT,
    redirect_url    TEXT,
    currency        TEXT NOT NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor >= 0),
    refunded_minor  BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    status          TEXT NOT NULL,
    failure         TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    paid_at         BIGINT,
    CHECK (refunded_minor <= amount_minor)
);
CREATE INDEX payments_checkout ON payments(checkout_id);
CREATE UNIQUE INDEX payments_provider_ref ON payments(provider, provider_ref);

-- Each provider event is applied once: a retried callback finds its row here.
CREATE TABLE payment_events (
    provider        TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    payment_id      TEXT NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    received_at     BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE orders (
    id                  TEXT PRIMARY KEY NOT NULL,
    checkout_id         TEXT NOT NULL REFERENCES checkouts(id) ON DELETE CASCADE,
    buyer_id            TEXT NOT NULL REFERENCES buyers(id),
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    payment_id          TEXT REFERENCES payments(id),
    status              TEXT NOT NULL,
    currency            TEXT NOT NULL,
    subtotal_minor      BIGINT NOT NULL CHECK (subtotal_minor >= 0),
    discount_minor      BIGINT NOT NULL CHECK (discount_minor >= 0),
    shipping_fee_minor  BIGINT NOT NULL CHECK (shipping_fee_minor >= 0),
    total_minor         BIGINT NOT NULL CHECK (total_minor >= 0),
    item_count          BIGINT NOT NULL,
    weight_grams        BIGINT NOT NULL,
    buyer_name          TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    ship_country        TEXT NOT NULL,
    ship_region         TEXT NOT NULL,
    buyer_note          TEXT,
    search_text         TEXT NOT NULL,
    source_kind         TEXT,
    source_id           TEXT,
    created_at          BIGINT NOT NULL,
    pay_by              BIGINT NOT NULL,
    process_by          BIGINT NOT NULL,
    paid_at             BIGINT,
    hold_until          BIGINT,
    ship_by             BIGINT,
    cancelled_at        BIGINT,
    cancelled_by        TEXT,
    cancel_reason       TEXT,
    cancel_note         TEXT,
    updated_at          BIGINT NOT NULL,
    CHECK (total_minor = subtotal_minor - discount_minor + shipping_fee_minor)
);
CREATE INDEX orders_seller_created ON orders(seller_id, created_at, id);
CREATE INDEX orders_seller_status ON orders(seller_id, status, created_at, id);
CREATE INDEX orders_buyer ON orders(buyer_id, created_at, id);
CREATE INDEX orders_checkout ON orders(checkout_id);
CREATE INDEX orders_payment ON orders(payment_id);

CREATE TABLE order_lines (
    order_id            TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no             BIGINT NOT NULL,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    product_id          TEXT NOT NULL,
    sku_id              TEXT NOT NULL,
    warehouse_id        TEXT NOT NULL,
    seller_sku          TEXT NOT NULL,
    title               TEXT NOT NULL,
    variant             TEXT NOT NULL,
    image_id            TEXT,
    unit_price_minor    BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    quantity            BIGINT NOT NULL CHECK (quantity > 0),
    discount_minor      BIGINT NOT NULL CHECK (discount_minor >= 0),
    total_minor         BIGINT NOT NULL CHECK (total_minor >= 0),
    source_kind         TEXT,
    source_id           TEXT,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines(seller_id, seller_sku);
CREATE INDEX order_lines_source ON order_lines(source_kind, source_id);

-- The order's timeline: who changed what, when and why.
CREATE TABLE order_events (
    id              TEXT PRIMARY KEY NOT NULL,
    order_id        TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    from_status     TEXT,
    to_status       TEXT NOT NULL,
    party           TEXT NOT NULL,
    actor_id        TEXT,
    reason          TEXT,
    note            TEXT
);
CREATE INDEX order_events_order ON order_events(order_id, at);

CREATE TABLE refunds (
    id              TEXT PRIMARY KEY NOT NULL,
    payment_id      TEXT NOT NULL REFERENCES payments(id) ON DELETE CASCADE,
    order_id        TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    currency        TEXT NOT NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor > 0),
    status          TEXT NOT NULL,
    provider_ref    TEXT,
    reason          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);

-- The built-in sandbox payment provider keeps its hosted-page sessions here, as a real
-- provider would on its own side.
CREATE TABLE sandbox_sessions (
    id              TEXT PRIMARY KEY NOT NULL,
    merchant_ref    TEXT NOT NULL UNIQUE,
    description     TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount_minor    BIGINT NOT NULL,
    refunded_minor  BIGINT NOT NULL DEFAULT 0,
    return_url      TEXT NOT NULL,
    callback_url    TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT
);
