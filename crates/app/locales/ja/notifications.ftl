# 商品・注文・キャンセル・返品・返金の通知(日本語)。

ntf-product-approved = 商品「{ $product }」が審査に合格し、販売中になりました。
ntf-product-failed = 商品「{ $product }」は審査に合格しませんでした。理由を確認して修正してください。
ntf-product-deactivated = 商品「{ $product }」はShopdeckにより無効化されました。理由を確認してください。
ntf-order-paid = 支払い済みの新しい注文 { $order }({ $amount })があります。発送を手配してください。
ntf-cancellation-requested = 購入者が注文 { $order } のキャンセルを求めています。期限までに回答してください。
ntf-return-requested = 購入者が注文 { $order } の返品または返金を求めています。
ntf-dispute-opened = 購入者が注文 { $order } の返品へのあなたの回答に異議を申し立てました。Shopdeckが判断します。
ntf-dispute-decided = { $outcome ->
    [buyer] Shopdeckは注文 { $order } の紛争を購入者に有利に判断しました。返金が行われます。
   *[seller] Shopdeckは注文 { $order } の紛争を販売者に有利に判断しました。返品は終了しました。
}
ntf-payment-confirmed = 注文 { $order } のお支払いが確認されました。
ntf-order-shipped = 注文 { $order } が発送されました。
ntf-order-delivered = 注文 { $order } が配達されました。
ntf-order-cancelled = 注文 { $order } はキャンセルされました。
ntf-cancellation-rejected = ショップは注文 { $order } のキャンセルをお断りしました。注文は発送されます。
ntf-return-approved = 注文 { $order } の返品リクエストが承認されました。
ntf-return-rejected = 注文 { $order } の返品リクエストは却下されました。異議を申し立てることができます。
ntf-refunded = 注文 { $order } について { $amount } が返金されました。
ntf-email-open = Shopdeckで開く:{ $link }
ntf-email-settings = メールで受け取る通知を選ぶ:{ $settings }
ntf-sms = Shopdeck:{ $title } { $link }
