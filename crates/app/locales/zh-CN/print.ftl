# 物流面单、装箱单和拣货单上的固定文字（简体中文）。

print-sandbox = 沙盒 — 非真实发货
print-ship-to = 收件人
print-from = 寄件人
print-phone = 电话：{ $phone }
print-package-id = 包裹编号：{ $id }
print-order-id = 订单编号：{ $id }
print-order-ids = 订单编号（{ $count } 个）：{ $ids }
print-weight = 重量：{ $weight }
print-packing-slip = 装箱单
print-order-id-heading = 订单编号：
print-order-date = 下单日期：
print-product = 商品
print-variant = 规格
print-seller-sku = 卖家 SKU
print-qty = 数量
print-orders = 订单数
print-total-items = 商品总数：{ $count }
print-pick-list = 拣货单
print-generated = 生成日期：
print-orders-heading = 订单数：
print-skus-heading = SKU 数：
print-total-quantity = 总数量：{ $count }
print-page = 第 { $page } 页，共 { $pages } 页
