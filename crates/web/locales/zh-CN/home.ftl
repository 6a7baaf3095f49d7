# Seller home: to-dos with their counts (plural by $n), the finished set-up, shop health
# Chinese has one plural form; the messages keep the selector so every language reads alike.

todo-to-ship = { $n ->
   *[other] { $n } 个订单待发货
}
todo-unpaid = { $n ->
   *[other] { $n } 个订单待付款
}
todo-due-soon = { $n ->
   *[other] { $n } 个订单须在 24 小时内发货或已逾期
}
todo-cancellations = { $n ->
   *[other] { $n } 个取消申请待处理
}
todo-returns-respond = { $n ->
   *[other] { $n } 个退货退款申请待处理
}
todo-returns-receive = { $n ->
   *[other] { $n } 个退货包裹待验收
}
todo-out-of-stock = { $n ->
   *[other] { $n } 个规格缺货
}
todo-low-stock = { $n ->
   *[other] { $n } 个规格库存不足
}
todo-failed = { $n ->
   *[other] { $n } 个商品审核未通过
}
home-setup-done = 店铺设置：已完成
home-setup-open = 店铺设置

health-not-enough-data = 数据尚不足
health-min-orders = 计入某项指标的订单达到 { $n } 个后，才会给出该指标的等级。

# Sign-up: the name the seller goes by
signup-display-name = 您的姓名
signup-display-name-hint = 用于问候您以及在团队中显示，最多 60 个字符。
