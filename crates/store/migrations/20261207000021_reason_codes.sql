-- Reasons the system wrote as English sentences become codes (TimelineReason and StockReason in
-- domain::orders); the pages say them in the reader's language. A person's typed words stay.
UPDATE order_events SET reason = 'PAYMENT_CONFIRMED' WHERE reason = 'payment confirmed';
UPDATE order_events SET reason = 'HOLD_ENDED' WHERE reason = 'remorse window closed';
UPDATE order_events SET reason = 'PAID_AFTER_CANCELLATION' WHERE reason = 'paid after cancellation';
UPDATE order_events SET reason = 'CANCELLATION_REQUESTED' WHERE reason = 'cancellation requested';
UPDATE order_events SET reason = 'CANCELLATION_REJECTED' WHERE reason = 'cancellation rejected';
UPDATE order_events SET reason = 'LINES_CANCELLED' WHERE reason = 'lines cancelled';
UPDATE order_events SET reason = 'AFTER_SALE_WINDOW_CLOSED' WHERE reason = 'after-sale window closed';
UPDATE order_events SET reason = 'REFUND_REQUESTED' WHERE reason = 'refund requested';
UPDATE order_events SET reason = 'RETURN_REQUESTED' WHERE reason = 'return requested';
UPDATE order_events SET reason = 'REFUND_APPROVED' WHERE reason = 'refund approved';
UPDATE order_events SET reason = 'SHIPPING_DEADLINE_PASSED' WHERE reason = 'shipping deadline passed';
UPDATE refunds SET reason = 'PAID_AFTER_CANCELLATION' WHERE reason = 'paid after cancellation';
UPDATE refunds SET reason = 'LINES_CANCELLED' WHERE reason = 'lines cancelled';
UPDATE refunds SET reason = 'REFUND_APPROVED' WHERE reason = 'return or refund';
UPDATE inventory_movements SET reason = 'ORDER_PLACED' WHERE reason = 'order placed';
UPDATE inventory_movements SET reason = 'ORDER_CANCELLED' WHERE reason = 'order cancelled';
UPDATE inventory_movements SET reason = 'ORDER_SHIPPED' WHERE reason = 'order shipped';
UPDATE inventory_movements SET reason = 'PACKAGE_SHIPPED' WHERE reason = 'package shipped';
UPDATE inventory_movements SET reason = 'LINES_CANCELLED' WHERE reason = 'order lines cancelled';
UPDATE inventory_movements SET reason = 'RETURN_RECEIVED' WHERE reason = 'return received';
UPDATE inventory_movements SET reason = 'PRODUCT_EDIT' WHERE reason = 'product edit';
UPDATE inventory_movements SET reason = 'STOCK_FILE' WHERE reason = 'stock file';
UPDATE inventory_movements SET reason = 'STOCK_COUNT' WHERE reason = 'stock count';
UPDATE inventory_movements SET reason = 'ADJUSTMENT' WHERE reason = 'adjustment';
UPDATE inventory_movements SET reason = 'DEMO_STOCK' WHERE reason = 'benchmark stock';
