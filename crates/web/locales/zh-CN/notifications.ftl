## 通知收件箱(卖家用户和买家)、通知设置,以及运营人员发件箱的搜索

ntf-title = 通知
ntf-header-unread = { $n ->
    [0] 通知:没有未读
   *[other] 通知:{ $n } 条未读
}
ntf-unread = 新
ntf-mark-read = 标为已读
ntf-mark-all-read = 全部标为已读
ntf-empty-seller = 暂无通知。有关商品、订单、取消和退货的消息将显示在这里。
ntf-empty-buyer = 暂无通知。有关订单、取消、退货和退款的消息将显示在这里。
ntf-older = 更早的通知
ntf-back = 返回通知
ntf-settings = 通知设置
ntf-settings-intro-seller = 选择在 Shopdeck 内和通过电子邮件接收哪些通知。您只会收到您的角色可以查看的领域的通知。
ntf-settings-intro-buyer = 选择在 Shopdeck 内和通过电子邮件(如果账户只有手机号,则通过短信)接收哪些通知。
ntf-col-kind = 通知
ntf-col-in-app = 在 Shopdeck 内
ntf-col-email = 电子邮件或短信
ntf-language = 电子邮件和短信的语言
ntf-save = 保存设置
ntf-saved = 您的通知设置已保存。
ntf-kind-product-approved = 商品已通过审核
ntf-kind-product-failed = 商品未通过审核
ntf-kind-product-deactivated = 商品已停用
ntf-kind-order-paid = 新的已付款订单
ntf-kind-cancellation-requested = 取消申请
ntf-kind-return-requested = 退货或退款申请
ntf-kind-dispute-opened = 退货异议
ntf-kind-dispute-decided = 纠纷已裁决
ntf-kind-payment-confirmed = 付款已确认
ntf-kind-order-shipped = 订单已发货
ntf-kind-order-delivered = 订单已送达
ntf-kind-order-cancelled = 订单已取消
ntf-kind-cancellation-rejected = 取消被拒绝
ntf-kind-return-approved = 退货已批准
ntf-kind-return-rejected = 退货被拒绝
ntf-kind-refunded = 退款已支付
ntf-kind-code = 验证码
ntf-kind-reset = 重置密码验证码
ntf-kind-signup-taken = 使用已注册信息的卖家注册
ntf-kind-buyer-signup-taken = 使用已注册信息的买家注册
ntf-kind-password-changed = 密码已更改
ntf-kind-invite = 团队邀请
ntf-kind-review-approved = 店铺已通过审核
ntf-kind-review-rejected = 店铺需要修改
ntf-kind-review-suspended = 店铺已暂停
ntf-kind-review-reinstated = 店铺已恢复
ntf-kind-low-stock = 库存不足或缺货
ntf-kind-ship-reminder = 发货提醒
ntf-outbox-recipient = 收件人(电子邮件或电话,或其中一部分)
ntf-outbox-kind = 类型
ntf-outbox-any-kind = 所有类型
ntf-outbox-search = 搜索
ntf-outbox-older = 更早的消息
ntf-outbox-none-found = 没有符合此搜索的消息。
