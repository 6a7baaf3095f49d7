-- Units of an order's lines in a package, when the seller splits an order over several
-- packages. An order with no rows here ships whole in its package.
CREATE TABLE package_lines (
    package_id          TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    order_id            TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no             BIGINT NOT NULL,
    quantity            BIGINT NOT NULL,
    PRIMARY KEY (package_id, order_id, line_no)
);
CREATE INDEX package_lines_order ON package_lines(order_id);

-- Set once a split package's units have left the shelf (when the carrier has it).
ALTER TABLE packages ADD COLUMN stock_shipped BIGINT NOT NULL DEFAULT 0;
