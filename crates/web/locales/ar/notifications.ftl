## صندوق الإشعارات (مستخدمو البائع والمشترون)، وإعداداته، والبحث في صندوق الصادر لدى المشغّل

ntf-title = الإشعارات
ntf-header-unread = { $n ->
    [zero] الإشعارات: لا يوجد غير مقروء
    [one] الإشعارات: إشعار واحد غير مقروء
    [two] الإشعارات: إشعاران غير مقروءين
    [few] الإشعارات: { $n } إشعارات غير مقروءة
    [many] الإشعارات: { $n } إشعارًا غير مقروء
   *[other] الإشعارات: { $n } إشعار غير مقروء
}
ntf-unread = جديد
ntf-mark-read = تعليم كمقروء
ntf-mark-all-read = تعليم الكل كمقروء
ntf-empty-seller = لا توجد إشعارات بعد. ستظهر هنا أخبار منتجاتك وطلباتك والإلغاءات والمرتجعات.
ntf-empty-buyer = لا توجد إشعارات بعد. ستظهر هنا أخبار طلباتك والإلغاءات والمرتجعات والمبالغ المستردة.
ntf-older = إشعارات أقدم
ntf-back = العودة إلى الإشعارات
ntf-settings = إعدادات الإشعارات
ntf-settings-intro-seller = اختر ما تريد أن تُبلَّغ به داخل Shopdeck وبالبريد الإلكتروني. لا تصلك إلا إشعارات المجالات التي يسمح لك دورك برؤيتها.
ntf-settings-intro-buyer = اختر ما تريد أن تُبلَّغ به داخل Shopdeck وبالبريد الإلكتروني (أو برسالة نصية إذا لم يكن في حسابك سوى رقم هاتف).
ntf-col-kind = الإشعار
ntf-col-in-app = داخل Shopdeck
ntf-col-email = بالبريد الإلكتروني أو الرسائل النصية
ntf-language = لغة الرسائل الإلكترونية والنصية
ntf-save = حفظ الإعدادات
ntf-saved = تم حفظ إعدادات الإشعارات.
ntf-kind-product-approved = تمت الموافقة على المنتج
ntf-kind-product-failed = لم يجتز المنتج المراجعة
ntf-kind-product-deactivated = تم إيقاف المنتج
ntf-kind-order-paid = طلب جديد مدفوع
ntf-kind-cancellation-requested = طلب إلغاء
ntf-kind-return-requested = طلب إرجاع أو استرداد
ntf-kind-dispute-opened = اعتراض على الإرجاع
ntf-kind-dispute-decided = قرار في النزاع
ntf-kind-payment-confirmed = تأكيد الدفع
ntf-kind-order-shipped = شحن الطلب
ntf-kind-order-delivered = تسليم الطلب
ntf-kind-order-cancelled = إلغاء الطلب
ntf-kind-cancellation-rejected = رفض الإلغاء
ntf-kind-return-approved = الموافقة على الإرجاع
ntf-kind-return-rejected = رفض الإرجاع
ntf-kind-refunded = دفع المبلغ المسترد
ntf-kind-code = رمز التحقق
ntf-kind-reset = رمز إعادة تعيين كلمة المرور
ntf-kind-signup-taken = تسجيل بائع ببيانات مستخدمة
ntf-kind-buyer-signup-taken = تسجيل مشترٍ ببيانات مستخدمة
ntf-kind-password-changed = تغيير كلمة المرور
ntf-kind-invite = دعوة إلى الفريق
ntf-kind-review-approved = الموافقة على المتجر
ntf-kind-review-rejected = المتجر يحتاج إلى تعديلات
ntf-kind-review-suspended = إيقاف المتجر
ntf-kind-review-reinstated = إعادة تفعيل المتجر
ntf-kind-low-stock = مخزون منخفض أو نافد
ntf-kind-ship-reminder = تذكير بالشحن
ntf-outbox-recipient = المستلم (بريد إلكتروني أو هاتف، أو جزء منه)
ntf-outbox-kind = النوع
ntf-outbox-any-kind = كل الأنواع
ntf-outbox-search = بحث
ntf-outbox-older = رسائل أقدم
ntf-outbox-none-found = لا توجد رسالة تطابق هذا البحث.
