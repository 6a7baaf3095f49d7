-- The catalogue: products with editions per language, images, SKUs, warehouses, stock and
-- its movements, the review history, and bulk imports and exports.

ALTER TABLE sellers ADD COLUMN low_stock_default BIGINT NOT NULL DEFAULT 5;

CREATE TABLE warehouses (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    is_default      BIGINT NOT NULL CHECK (is_default IN (0, 1)),
    created_at      BIGINT NOT NULL,
    UNIQUE (seller_id, name)
);

-- `status` is the listing life cycle; `audit_status` the review of the latest content
-- (NONE, AUDITING, REJECTED, PASSED). `published` is the approved version buyers see, so a
-- live product's edits wait for review while the approved content stays on sale.
CREATE TABLE products (
    id                  TEXT PRIMARY KEY NOT NULL,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    status              TEXT NOT NULL,
    audit_status        TEXT NOT NULL,
    category_id         TEXT NOT NULL REFERENCES categories(id),
    source_locale       TEXT NOT NULL,
    title               TEXT NOT NULL,
    search_text         TEXT NOT NULL,
    brand               TEXT,
    attributes          TEXT NOT NULL,
    sales_attributes    TEXT NOT NULL,
    video_url           TEXT,
    weight_grams        BIGINT,
    length_mm           BIGINT,
    width_mm            BIGINT,
    height_mm           BIGINT,
    handling_days       BIGINT NOT NULL,
    quality_grade       TEXT,
    quality_notes       TEXT NOT NULL,
    failed_reasons      TEXT NOT NULL,
    published           TEXT,
    published_at        BIGINT,
    status_before_delete TEXT,
    deleted_at          BIGINT,
    min_price           BIGINT NOT NULL,
    max_price           BIGINT NOT NULL,
    available           BIGINT NOT NULL,
    sku_count           BIGINT NOT NULL,
    out_of_stock_skus   BIGINT NOT NULL,
    low_stock_skus      BIGINT NOT NULL,
    version             BIGINT NOT NULL,
    created_by          TEXT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    submitted_at        BIGINT
);
CREATE INDEX products_seller_updated ON products(seller_id, updated_at, id);
CREATE INDEX products_seller_status ON products(seller_id, status, updated_at, id);
CREATE INDEX products_seller_status_price ON products(seller_id, status, min_price, id);
CREATE INDEX products_seller_price ON products(seller_id, min_price, id);
CREATE INDEX products_seller_title ON products(seller_id, title, id);
CREATE INDEX products_seller_created ON products(seller_id, created_at, id);
CREATE INDEX products_audit ON products(audit_status, submitted_at);
CREATE INDEX products_live ON products(status, published_at);

CREATE TABLE product_editions (
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    locale          TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    is_source       BIGINT NOT NULL CHECK (is_source IN (0, 1)),
    generated       BIGINT NOT NULL CHECK (generated IN (0, 1)),
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (product_id, locale)
);

-- Images are uploaded first (product_id NULL) and then attached to a product.
CREATE TABLE product_images (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    product_id      TEXT REFERENCES products(id) ON DELETE SET NULL,
    position        BIGINT NOT NULL,
    format          TEXT NOT NULL,
    width           BIGINT NOT NULL,
    height          BIGINT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    original_key    TEXT NOT NULL,
    display_key     TEXT NOT NULL,
    thumb_key       TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX product_images_product ON product_images(product_id, position);
CREATE INDEX product_images_seller ON product_images(seller_id, created_at);

-- `published` is 0 for a SKU added to a live product until the edit passes review.
CREATE TABLE skus (
    id                  TEXT PRIMARY KEY NOT NULL,
    product_id          TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    seller_id           TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    seller_sku          TEXT NOT NULL,
    gtin                TEXT,
    price_minor         BIGINT NOT NULL CHECK (price_minor > 0),
    variant             TEXT NOT NULL,
    position            BIGINT NOT NULL,
    low_stock_threshold BIGINT,
    low_stock_alerted   BIGINT NOT NULL CHECK (low_stock_alerted IN (0, 1)),
    published           BIGINT NOT NULL CHECK (published IN (0, 1)),
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (seller_id, seller_sku)
);
CREATE INDEX skus_product ON skus(product_id, position);

-- Available = on_hand - reserved, never below zero: the CHECKs are the last line of defence
-- behind conditional updates.
CREATE TABLE stock (
    sku_id          TEXT NOT NULL REFERENCES skus(id) ON DELETE CASCADE,
    warehouse_id    TEXT NOT NULL REFERENCES warehouses(id),
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    on_hand         BIGINT NOT NULL CHECK (on_hand >= 0),
    reserved        BIGINT NOT NULL CHECK (reserved >= 0),
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (sku_id, warehouse_id),
    CHECK (reserved <= on_hand)
);

CREATE TABLE inventory_movements (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    sku_id          TEXT NOT NULL,
    warehouse_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    on_hand_delta   BIGINT NOT NULL,
    reserved_delta  BIGINT NOT NULL,
    on_hand_after   BIGINT NOT NULL,
    reserved_after  BIGINT NOT NULL,
    reason          TEXT NOT NULL,
    reference       TEXT,
    actor_type      TEXT NOT NULL,
    actor_id        TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX inventory_movements_sku ON inventory_movements(sku_id, created_at);
CREATE INDEX inventory_movements_seller ON inventory_movements(seller_id, created_at);

-- Every review decision and status change of a product, with reasons.
CREATE TABLE product_reviews (
    id              TEXT PRIMARY KEY NOT NULL,
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    action          TEXT NOT NULL,
    from_status     TEXT NOT NULL,
    to_status       TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    actor_type      TEXT NOT NULL,
    actor_id        TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX product_reviews_product ON product_reviews(product_id, created_at);

CREATE TABLE bulk_jobs (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    format          TEXT NOT NULL,
    dry_run         BIGINT NOT NULL CHECK (dry_run IN (0, 1)),
    status          TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    input_key       TEXT,
    output_key      TEXT,
    report_key      TEXT,
    options         TEXT NOT NULL,
    total_rows      BIGINT NOT NULL,
    processed_rows  BIGINT NOT NULL,
    ok_rows         BIGINT NOT NULL,
    error_rows      BIGINT NOT NULL,
    created_count   BIGINT NOT NULL,
    updated_count   BIGINT NOT NULL,
    error           TEXT,
    created_by      TEXT,
    created_at      BIGINT NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT
);
CREATE INDEX bulk_jobs_seller ON bulk_jobs(seller_id, created_at);
