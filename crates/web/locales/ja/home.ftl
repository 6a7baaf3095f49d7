# Seller home: to-dos with their counts (plural by $n), the finished set-up, shop health
# Japanese has one plural form; the messages keep the selector so every language reads alike.

todo-to-ship = { $n ->
   *[other] 発送待ちの注文 { $n } 件
}
todo-unpaid = { $n ->
   *[other] 支払い待ちの注文 { $n } 件
}
todo-due-soon = { $n ->
   *[other] 24 時間以内に発送期限を迎える（または期限切れの）注文 { $n } 件
}
todo-cancellations = { $n ->
   *[other] 回答待ちのキャンセル申請 { $n } 件
}
todo-returns-respond = { $n ->
   *[other] 回答待ちの返品・返金申請 { $n } 件
}
todo-returns-receive = { $n ->
   *[other] 確認待ちの返品荷物 { $n } 件
}
todo-out-of-stock = { $n ->
   *[other] 在庫切れのバリエーション { $n } 件
}
todo-low-stock = { $n ->
   *[other] 在庫わずかのバリエーション { $n } 件
}
todo-failed = { $n ->
   *[other] 審査不合格の商品 { $n } 件
}
home-setup-done = ショップの設定：完了
home-setup-open = ショップの設定

health-not-enough-data = まだデータが不足しています
health-min-orders = 対象の注文が { $n } 件以上になると、各指標のレベルが表示されます。

# Sign-up: the name the seller goes by
signup-display-name = お名前
signup-display-name-hint = あいさつやチームの表示に使われます。60 文字以内。
