# الكلمات الثابتة في ملصقات الشحن وقوائم التعبئة وقوائم الانتقاء (العربية).

print-sandbox = بيئة تجريبية — ليست شحنة حقيقية
print-ship-to = الشحن إلى
print-from = المرسل
print-phone = الهاتف: { $phone }
print-package-id = رقم الطرد: { $id }
print-order-id = رقم الطلب: { $id }
print-order-ids = أرقام الطلبات ({ $count }): { $ids }
print-weight = الوزن: { $weight }
print-packing-slip = قائمة التعبئة
print-order-id-heading = رقم الطلب:
print-order-date = تاريخ الطلب:
print-product = المنتج
print-variant = الخيار
print-seller-sku = رمز SKU للبائع
print-qty = الكمية
print-orders = الطلبات
print-total-items = إجمالي القطع: { $count }
print-pick-list = قائمة الانتقاء
print-generated = تاريخ الإنشاء:
print-orders-heading = الطلبات:
print-skus-heading = رموز SKU:
print-total-quantity = إجمالي الكمية: { $count }
print-page = صفحة { $page } من { $pages }
