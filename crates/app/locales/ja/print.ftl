# 配送ラベル・納品書・ピッキングリストの定型文（日本語）。

print-sandbox = サンドボックス — 実際の発送ではありません
print-ship-to = お届け先
print-from = 差出人
print-phone = 電話：{ $phone }
print-package-id = 荷物ID：{ $id }
print-order-id = 注文ID：{ $id }
print-order-ids = 注文ID（{ $count }件）：{ $ids }
print-weight = 重量：{ $weight }
print-packing-slip = 納品書
print-order-id-heading = 注文ID：
print-order-date = 注文日：
print-product = 商品
print-variant = バリエーション
print-seller-sku = 出品者SKU
print-qty = 数量
print-orders = 注文数
print-total-items = 合計点数：{ $count }
print-pick-list = ピッキングリスト
print-generated = 作成日：
print-orders-heading = 注文数：
print-skus-heading = SKU数：
print-total-quantity = 合計数量：{ $count }
print-page = { $page } / { $pages } ページ
