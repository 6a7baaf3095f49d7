# The fixed words of shipping labels, packing slips and pick lists, English (the source language).
# Arguments are filled in by the PDF writer, so every argument must stay in the text.

print-sandbox = Sandbox — not a real shipment
print-ship-to = SHIP TO
print-from = FROM
print-phone = Tel: { $phone }
print-package-id = Package ID: { $id }
print-order-id = Order ID: { $id }
print-order-ids = Order IDs ({ $count }): { $ids }
print-weight = Weight: { $weight }
print-packing-slip = PACKING SLIP
print-order-id-heading = Order ID:
print-order-date = Order date:
print-product = Product
print-variant = Variant
print-seller-sku = Seller SKU
print-qty = Qty
print-orders = Orders
print-total-items = Total items: { $count }
print-pick-list = Pick list
print-generated = Generated:
print-orders-heading = Orders:
print-skus-heading = SKUs:
print-total-quantity = Total quantity: { $count }
print-page = Page { $page } of { $pages }
