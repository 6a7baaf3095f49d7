# 关于商品、订单、取消、退货和退款的通知(简体中文)。

ntf-product-approved = 您的商品“{ $product }”已通过审核,正在销售。
ntf-product-failed = 您的商品“{ $product }”未通过审核:请查看原因并修改。
ntf-product-deactivated = 您的商品“{ $product }”已被 Shopdeck 停用:请查看原因。
ntf-order-paid = 新的已付款订单 { $order }({ $amount }):请安排发货。
ntf-cancellation-requested = 买家申请取消订单 { $order }:请在截止时间前答复。
ntf-return-requested = 买家为订单 { $order } 申请退货或退款。
ntf-dispute-opened = 买家对您就订单 { $order } 退货的答复提出异议,Shopdeck 将作出裁决。
ntf-dispute-decided = { $outcome ->
    [buyer] Shopdeck 已就订单 { $order } 的纠纷作出有利于买家的裁决:退款将继续进行。
   *[seller] Shopdeck 已就订单 { $order } 的纠纷作出有利于卖家的裁决:退货已关闭。
}
ntf-payment-confirmed = 您的订单 { $order } 已确认付款。
ntf-order-shipped = 您的订单 { $order } 已发货。
ntf-order-delivered = 您的订单 { $order } 已送达。
ntf-order-cancelled = 您的订单 { $order } 已取消。
ntf-cancellation-rejected = 店铺拒绝取消订单 { $order },订单将照常发货。
ntf-return-approved = 您对订单 { $order } 的退货申请已获批准。
ntf-return-rejected = 您对订单 { $order } 的退货申请被拒绝,您可以提出异议。
ntf-refunded = 订单 { $order } 已退款 { $amount }。
ntf-email-open = 在 Shopdeck 中打开:{ $link }
ntf-email-settings = 选择通过电子邮件接收哪些通知:{ $settings }
ntf-sms = Shopdeck:{ $title } { $link }
