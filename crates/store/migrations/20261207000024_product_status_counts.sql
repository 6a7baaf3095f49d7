-- How many of a shop's products are in each status, for the tabs of the seller's product
-- list. Kept by the store in the transaction that changes a product's status (see
-- store::products), so reading it is one small index range whatever the catalogue's size.
CREATE TABLE product_status_counts (
    seller_id   TEXT NOT NULL REFERENCES sellers(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (seller_id, status)
);
INSERT INTO product_status_counts (seller_id, status, n)
    SELECT seller_id, status, COUNT(*) FROM products GROUP BY seller_id, status;
