# Notifications about products, orders, cancellations, returns and refunds: the inbox entry's
# text, the e-mail's subject and first line, and the SMS (English, the source language).

ntf-product-approved = Your product “{ $product }” passed review and is on sale.
ntf-product-failed = Your product “{ $product }” did not pass review: see the reasons and fix it.
ntf-product-deactivated = Your product “{ $product }” was deactivated by Shopdeck: see the reasons.
ntf-order-paid = New paid order { $order } ({ $amount }): arrange shipment.
ntf-cancellation-requested = The buyer asks to cancel order { $order }: answer before the deadline.
ntf-return-requested = The buyer asks for a return or refund on order { $order }.
ntf-dispute-opened = The buyer disputes your answer to the return on order { $order }; Shopdeck will decide.
ntf-dispute-decided = { $outcome ->
    [buyer] Shopdeck decided the dispute on order { $order } for the buyer: the refund goes ahead.
   *[seller] Shopdeck decided the dispute on order { $order } for the seller: the return is closed.
}
ntf-payment-confirmed = Your payment for order { $order } is confirmed.
ntf-order-shipped = Your order { $order } has shipped.
ntf-order-delivered = Your order { $order } was delivered.
ntf-order-cancelled = Your order { $order } was cancelled.
ntf-cancellation-rejected = The shop declined to cancel order { $order }; it will be shipped.
ntf-return-approved = Your return request for order { $order } was approved.
ntf-return-rejected = Your return request for order { $order } was declined; you may dispute it.
ntf-refunded = { $amount } was refunded for order { $order }.
ntf-email-open = Open it in Shopdeck: { $link }
ntf-email-settings = Choose which notifications you get by e-mail: { $settings }
ntf-sms = Shopdeck: { $title } { $link }
