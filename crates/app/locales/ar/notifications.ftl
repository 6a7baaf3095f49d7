# إشعارات المنتجات والطلبات والإلغاءات والمرتجعات والمبالغ المستردة (العربية).

ntf-product-approved = اجتاز منتجك «{ $product }» المراجعة وأصبح معروضًا للبيع.
ntf-product-failed = لم يجتز منتجك «{ $product }» المراجعة: اطّلع على الأسباب وصحّحه.
ntf-product-deactivated = أوقفت Shopdeck منتجك «{ $product }»: اطّلع على الأسباب.
ntf-order-paid = طلب جديد مدفوع { $order } ({ $amount }): رتّب الشحن.
ntf-cancellation-requested = يطلب المشتري إلغاء الطلب { $order }: أجب قبل انتهاء المهلة.
ntf-return-requested = يطلب المشتري إرجاعًا أو استردادًا للطلب { $order }.
ntf-dispute-opened = يعترض المشتري على ردّك بشأن إرجاع الطلب { $order }؛ وستقرر Shopdeck.
ntf-dispute-decided = { $outcome ->
    [buyer] قررت Shopdeck النزاع على الطلب { $order } لصالح المشتري: سيتم الاسترداد.
   *[seller] قررت Shopdeck النزاع على الطلب { $order } لصالح البائع: أُغلق الإرجاع.
}
ntf-payment-confirmed = تم تأكيد دفعك للطلب { $order }.
ntf-order-shipped = تم شحن طلبك { $order }.
ntf-order-delivered = تم تسليم طلبك { $order }.
ntf-order-cancelled = تم إلغاء طلبك { $order }.
ntf-cancellation-rejected = رفض المتجر إلغاء الطلب { $order }؛ سيتم شحنه.
ntf-return-approved = تمت الموافقة على طلب الإرجاع للطلب { $order }.
ntf-return-rejected = رُفض طلب الإرجاع للطلب { $order }؛ يمكنك الاعتراض عليه.
ntf-refunded = تم استرداد { $amount } للطلب { $order }.
ntf-email-open = افتحه في Shopdeck: { $link }
ntf-email-settings = اختر الإشعارات التي تصلك بالبريد الإلكتروني: { $settings }
ntf-sms = Shopdeck: { $title } { $link }
