-- Fulfilment: packages (one or more orders of one buyer shipped together), their tracking
-- events, and the built-in sandbox carrier's shipments (kept here as a real carrier would on
-- its own side).

-- `mode` is SELLER (the shop's own carrier; the seller enters the tracking number and
-- confirms delivery) or PLATFORM (booked through a logistics provider, which sends tracking
-- events). Status follows TikTok Shop's `package_status`.
CREATE TABLE packages (
    id                  TEXT PRIMARY KEY NOT NULL,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    buyer_id            TEXT NOT NULL REFERENCES buyers(id),
    status              TEXT NOT NULL CHECK (status IN
                            ('TO_FULFILL', 'PROCESSING', 'FULFILLING', 'COMPLETED', 'CANCELLED')),
    mode                TEXT NOT NULL CHECK (mode IN ('SELLER', 'PLATFORM')),
    provider            TEXT,
    provider_ref        TEXT,
    carrier_code        TEXT NOT NULL,
    carrier_name        TEXT NOT NULL,
    service             TEXT NOT NULL,
    tracking_number     TEXT NOT NULL,
    weight_grams        BIGINT NOT NULL,
    failure_reason      TEXT,
    proof_key           TEXT,
    proof_type          TEXT,
    created_at          BIGINT NOT NULL,
    arranged_at         BIGINT,
    collected_at        BIGINT,
    delivered_at        BIGINT,
    cancelled_at        BIGINT,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX packages_seller ON packages(seller_id, created_at, id);
CREATE INDEX packages_tracking ON packages(carrier_code, tracking_number);
CREATE INDEX packages_provider ON packages(provider, provider_ref);

CREATE TABLE package_orders (
    package_id          TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    order_id            TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    PRIMARY KEY (package_id, order_id)
);
CREATE INDEX package_orders_order ON package_orders(order_id);
CREATE INDEX orders_seller_deadline ON orders(seller_id, status, process_by, id);

-- `event_ref` is the provider's id of the event (or ours for events a seller records), so a
-- repeated callback is recorded once.
CREATE TABLE tracking_events (
    id                  TEXT PRIMARY KEY NOT NULL,
    package_id          TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    event_ref           TEXT NOT NULL,
    code                TEXT NOT NULL,
    description         TEXT NOT NULL,
    location            TEXT,
    occurred_at         BIGINT NOT NULL,
    recorded_at         BIGINT NOT NULL,
    UNIQUE (package_id, event_ref)
);
CREATE INDEX tracking_events_package ON tracking_events(package_id, occurred_at);

CREATE TABLE sandbox_shipments (
    id                  TEXT PRIMARY KEY NOT NULL,
    merchant_ref        TEXT NOT NULL UNIQUE,
    tracking_number     TEXT NOT NULL UNIQUE,
    callback_url        TEXT NOT NULL,
    fails               BIGINT NOT NULL,
    step                BIGINT NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL
);

ALTER TABLE orders ADD COLUMN shipped_at BIGINT;
ALTER TABLE orders ADD COLUMN delivered_at BIGINT;
ALTER TABLE orders ADD COLUMN completed_at BIGINT;
ALTER TABLE orders ADD COLUMN complete_after BIGINT;
