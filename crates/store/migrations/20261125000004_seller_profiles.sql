-- The seller profile the operator reviews: business details, addresses, the payout bank
-- account, business documents, and the history of review decisions.

ALTER TABLE sellers ADD COLUMN business_type TEXT;
ALTER TABLE sellers ADD COLUMN legal_name TEXT;
ALTER TABLE sellers ADD COLUMN registration_number TEXT;
ALTER TABLE sellers ADD COLUMN contact_name TEXT;
-- The validated account as JSON (needed to pay out), and the only form ever shown.
ALTER TABLE sellers ADD COLUMN bank_account TEXT;
ALTER TABLE sellers ADD COLUMN bank_account_masked TEXT;
ALTER TABLE sellers ADD COLUMN submitted_at BIGINT;

CREATE TABLE seller_addresses (
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    contact_name    TEXT NOT NULL,
    phone           TEXT NOT NULL,
    line1           TEXT NOT NULL,
    line2           TEXT,
    city            TEXT NOT NULL,
    region          TEXT,
    postal_code     TEXT NOT NULL,
    country         TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (seller_id, kind)
);

CREATE TABLE seller_documents (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    storage_key     TEXT NOT NULL,
    uploaded_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at     BIGINT NOT NULL
);
CREATE INDEX seller_documents_seller ON seller_documents(seller_id, uploaded_at);

CREATE TABLE seller_reviews (
    id              TEXT PRIMARY KEY NOT NULL,
    seller_id       TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    action          TEXT NOT NULL,
    from_status     TEXT NOT NULL,
    to_status       TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    actor_id        TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX seller_reviews_seller ON seller_reviews(seller_id, created_at);
