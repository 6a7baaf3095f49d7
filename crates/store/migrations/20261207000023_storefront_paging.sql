-- The storefront lists live products newest first and pages by (published_at, id), seeking
-- the index instead of counting rows. One index per list shape: everything, one shop, one
-- category (a subtree lists several categories and merges them by the same key).
DROP INDEX products_live;
CREATE INDEX products_live ON products(status, published_at, id);
CREATE INDEX products_live_shop ON products(seller_id, status, published_at, id);
CREATE INDEX products_live_category ON products(category_id, status, published_at, id);
