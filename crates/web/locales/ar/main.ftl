# نصوص واجهة Shopdeck باللغة العربية (ar).
# المعرّفات مطابقة تمامًا لملف en/main.ftl.

app-name = Shopdeck
skip-to-content = انتقل إلى المحتوى
language = اللغة
footer-text = Shopdeck — مركز البائعين مفتوح المصدر للتجارة الاجتماعية.
menu = القائمة

## Seller Center navigation
seller-center = مركز البائعين
nav-home = الرئيسية
nav-products = المنتجات
nav-orders = الطلبات
nav-shipping = الشحن
nav-returns = المرتجعات
nav-promotions = العروض الترويجية
nav-finance = المالية
nav-analytics = بوصلة البيانات
nav-help = مركز المساعدة
nav-account = الحساب والمستخدمون

## Operator console navigation
ops-console = لوحة تحكم المشغّل
ops-nav-home = نظرة عامة
ops-nav-sellers = مراجعة البائعين
ops-nav-products = مراجعة المنتجات
ops-nav-tickets = التذاكر
ops-nav-campaigns = الحملات
ops-nav-jobs = المهام في الخلفية

## Sections that are not built yet
not-ready-title = قريبًا
not-ready-body = قسم «{ $section }» غير متاح بعد في هذا الإصدار من Shopdeck.
not-ready-back = العودة إلى الرئيسية

## Log-in
login-title-seller = تسجيل الدخول إلى مركز البائعين
login-title-ops = تسجيل الدخول إلى لوحة تحكم المشغّل
login-intro = أدِر منتجاتك وطلباتك وشحناتك ومدفوعاتك في مكان واحد.
login-field-login = البريد الإلكتروني أو رقم الهاتف
login-field-password = كلمة المرور
login-submit = تسجيل الدخول
login-error-bad-credentials = اسم المستخدم أو كلمة المرور غير صحيحة.
login-new-seller = جديد على Shopdeck؟
login-sign-up = انضم كبائع
logout = تسجيل الخروج
signed-in-as = تم تسجيل الدخول باسم { $name }

## Field errors
error-required = هذا الحقل مطلوب.

## Seller home
seller-home-welcome = مرحبًا، { $name }
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = الحالة: { $status }
seller-status-REGISTERED = مسجَّل
seller-status-PENDING_REVIEW = قيد المراجعة
seller-status-APPROVED = مقبول
seller-status-REJECTED = مرفوض
seller-status-SUSPENDED = موقوف
seller-no-shop = هذا الحساب غير مرتبط بأي متجر حتى الآن.
seller-todo-title = المهام
seller-todo-empty = لا يوجد ما يتطلب انتباهك الآن.

## Storefront
store-tagline = تسوّق من بائعين مستقلين ومن مقاطع الفيديو والبث المباشر الخاصة بهم.
store-search-label = البحث عن المنتجات
store-search-placeholder = عمّ تبحث؟
store-search-submit = بحث
store-categories = الفئات
store-shops = المتاجر
store-cart = سلة التسوق
store-cart-empty = سلة التسوق فارغة.
store-no-products = لا توجد منتجات هنا بعد.
store-sell-link = بِع على Shopdeck
store-shop-country = يُشحن من { $country }
store-search-results = نتائج البحث عن «{ $query }»

## Operator console
ops-home-title = نظرة عامة على المنصة
ops-stat-users = المستخدمون
ops-stat-sellers = المتاجر
ops-stat-jobs = المهام في الخلفية
ops-jobs-status = الحالة
ops-jobs-count = العدد
ops-not-operator = هذا الحساب ليس حساب مشغّل للمنصة.

## Errors
error-404-title = الصفحة غير موجودة
error-404-body = الصفحة التي طلبتها غير موجودة أو تم نقلها.
error-500-title = حدث خطأ ما
error-500-body = تعذّر علينا إكمال طلبك. يُرجى المحاولة مرة أخرى بعد قليل.
error-csrf = انتهت صلاحية هذا النموذج. أعد تحميل الصفحة وحاول مرة أخرى.
error-unavailable = يتعذّر على Shopdeck الوصول إلى قاعدة بياناته حاليًا. يُرجى المحاولة مرة أخرى بعد قليل.

## Sign-up
signup-title = انضم إلى Shopdeck كبائع
signup-intro = افتح متجرك في بضع دقائق. ستحتاج إلى هاتفك وبريدك الإلكتروني.
signup-portal = بوابة البائعين
portal-asia = آسيا
portal-europe = أوروبا
portal-americas = الأمريكتان
signup-country = بلد نشاطك التجاري أو منطقته
signup-country-hint = يحدّد عملة متجرك ومنطقته الزمنية.
signup-phone = رقم الهاتف المحمول
signup-phone-hint = سنرسل إليك رمزًا مكوّنًا من 6 أرقام في رسالة نصية.
signup-continue = متابعة
signup-verify-phone-title = تأكيد رقم هاتفك
signup-verify-email-title = تأكيد بريدك الإلكتروني
signup-code-sent = أرسلنا رمزًا مكوّنًا من 6 أرقام إلى { $target }. تنتهي صلاحيته بعد 10 دقائق.
signup-code = رمز التحقق
signup-verify = تحقّق
signup-resend = إرسال رمز جديد
signup-resent = رمز جديد في طريقه إليك.
signup-account-title = بريدك الإلكتروني وكلمة المرور
signup-email = البريد الإلكتروني
signup-password = كلمة المرور
signup-password-hint = 10 أحرف على الأقل. تجنّب كلمات المرور الشائعة.
signup-change-email = استخدام بريد إلكتروني آخر
signup-expired = انتهت صلاحية عملية التسجيل هذه. يُرجى البدء من جديد.
signup-have-account = هل أنت بائع بالفعل؟
signup-log-in = تسجيل الدخول
signup-step = الخطوة { $step } من 4

## Password reset
login-forgot = هل نسيت كلمة المرور؟
reset-title = إعادة تعيين كلمة المرور
reset-intro = أدخل البريد الإلكتروني لحسابك. إذا كان هذا العنوان مرتبطًا بحساب، فسنرسل إليه رمزًا.
reset-email = البريد الإلكتروني
reset-send = إرسال الرمز
reset-confirm-title = اختر كلمة مرور جديدة
reset-code = الرمز الوارد في البريد الإلكتروني
reset-new-password = كلمة المرور الجديدة
reset-save = حفظ كلمة المرور الجديدة
reset-sent = إذا كان هذا العنوان مرتبطًا بحساب، فإن الرمز في طريقه إليك. تنتهي صلاحيته بعد 10 دقائق.
reset-done = تم تغيير كلمة المرور. سجّل الدخول باستخدام كلمة المرور الجديدة.

## More field errors
error-email-invalid = أدخل عنوان بريد إلكتروني صالحًا.
error-phone-invalid = أدخل رقم هاتف محمول صالحًا لهذا البلد.
error-portal-invalid = اختر بوابة البائعين.
error-country-invalid = اختر بلدًا.
error-country-not-in-portal = هذا البلد يتبع بوابة بائعين أخرى.
error-password-too-short = استخدم 10 أحرف على الأقل.
error-password-too-long = استخدم 128 حرفًا كحد أقصى.
error-password-too-common = كلمة المرور هذه شائعة جدًا. اختر كلمة مرور أخرى.
error-code-wrong = هذا الرمز غير صحيح. تحقّق منه وحاول مرة أخرى.
error-code-expired = انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا.
error-code-locked = محاولات خاطئة كثيرة جدًا. اطلب رمزًا جديدًا.
error-code-used = سبق استخدام هذا الرمز. اطلب رمزًا جديدًا.
error-code-missing = اطلب رمزًا جديدًا.
error-rate-limited = محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثانية.
error-conflict = يتعذّر تنفيذ ذلك الآن: { $detail }

## Operator console: outbox
ops-nav-outbox = صندوق الصادر
ops-outbox-intro = الرسائل التي أرسلها Shopdeck أو يرسلها الآن. عند استخدام مزوّدي بيئة التطوير، تصل الرموز والإشعارات إلى هنا.
ops-outbox-to = إلى
ops-outbox-channel = القناة
ops-outbox-message = الرسالة
ops-outbox-status = الحالة
ops-outbox-time = الوقت
ops-outbox-empty = لا توجد رسائل بعد.

## Shop profile and onboarding
edit = تعديل
save = حفظ
shop-unnamed = متجرك الجديد
account-owner-only = يمكن لمالك المتجر فقط عرض هذه المعلومات وتغييرها.
checklist-title = استعد للبيع
checklist-done = تم
checklist-phone_verified = تم التحقق من رقم الهاتف
checklist-email_verified = تم التحقق من البريد الإلكتروني
checklist-profile_complete = بيانات النشاط التجاري
checklist-warehouse_address = عنوان المستودع (الاستلام)
checklist-return_address = عنوان المرتجعات
checklist-bank_account = الحساب المصرفي لاستلام المدفوعات
checklist-documents_submitted = مستندات النشاط التجاري
checklist-platform_approval = موافقة Shopdeck
checklist-reason-verify_phone = تحقّق من رقم هاتفك
checklist-reason-verify_email = تحقّق من بريدك الإلكتروني
checklist-reason-fill_profile = أكمل بيانات نشاطك التجاري
checklist-reason-add_warehouse = أضف العنوان الذي تُستلم منه الطرود
checklist-reason-add_return_address = أضف العنوان الذي تُرسل إليه المرتجعات
checklist-reason-add_bank_account = أضف الحساب الذي نحوّل إليه مدفوعاتك
checklist-reason-upload_documents = حمّل رخصة تجارية أو وثيقة هوية
checklist-reason-not_submitted = أرسل متجرك للمراجعة بعد إكمال كل ما سبق
checklist-reason-under_review = قيد المراجعة: نرد عادةً خلال يومَي عمل
checklist-reason-rejected = لم تتم الموافقة: صحّح النقاط أدناه وأعد الإرسال
checklist-reason-suspended = موقوف
checklist-submit = إرسال للمراجعة
checklist-under-review = متجرك قيد المراجعة. يمكنك تجهيز منتجاتك في هذه الأثناء، ولن يُنشر أي شيء قبل الموافقة.
checklist-rejected = لم تتم الموافقة على متجرك بعد. ملاحظات المراجِع:
checklist-suspended = تم إيقاف متجرك. السبب المذكور:
profile-title = بيانات النشاط التجاري
profile-store-name = اسم المتجر
profile-store-name-hint = الاسم الذي يراه المشترون. من 3 إلى 50 حرفًا، ولا يتكرر على Shopdeck.
profile-business-type = نوع النشاط التجاري
business-type-INDIVIDUAL = فرد
business-type-SOLE_PROPRIETOR = مؤسسة فردية
business-type-COMPANY = شركة
profile-legal-name = الاسم القانوني
profile-registration-number = رقم السجل التجاري
profile-registration-hint = كما هو مدوّن في شهادة التسجيل. غير مطلوب للأفراد.
profile-contact-name = مسؤول التواصل
profile-time-zone = المنطقة الزمنية
address-warehouse = عنوان المستودع (الاستلام)
address-return = عنوان المرتجعات
address-contact-name = اسم جهة الاتصال
address-phone = رقم الهاتف
address-line1 = عنوان الشارع
address-line2 = الشقة أو الجناح أو الوحدة (اختياري)
address-city = المدينة
address-region = الولاية أو المقاطعة أو المنطقة (اختياري)
address-postal-code = الرمز البريدي
bank-title = الحساب المصرفي لاستلام المدفوعات
bank-intro = تُحوَّل المدفوعات إلى حساب في بلد متجرك وبعملته. لا نعرض إلا آخر أربعة أرقام.
bank-current = الحساب الحالي:
bank-account_holder = اسم صاحب الحساب
bank-iban = رقم IBAN
bank-swift_bic = رمز SWIFT/BIC
bank-routing_number = رقم التوجيه (ABA)
bank-account_number = رقم الحساب
bank-sort_code = رمز الفرز (Sort code)
bank-bank_code = رمز البنك
bank-branch_code = رمز الفرع
bank-account_type = نوع الحساب
documents-title = مستندات النشاط التجاري
documents-none = لا توجد مستندات بعد.
documents-kind = ما نوع المستند؟
documents-file = الملف
documents-hint = ملف PDF أو JPEG أو PNG، بحجم أقصاه 10 ميغابايت.
documents-upload = تحميل
document-kind-BUSINESS_LICENSE = رخصة تجارية أو شهادة تسجيل
document-kind-IDENTITY = وثيقة هوية
document-kind-OTHER = أخرى
error-store-name-length = يجب أن يتكون اسم المتجر من 3 إلى 50 حرفًا.
error-store-name-taken = يستخدم متجر آخر هذا الاسم بالفعل.
error-time-zone-invalid = اختر منطقة زمنية من القائمة.
error-document-invalid = حمّل ملف PDF أو JPEG أو PNG لا يتجاوز حجمه 10 ميغابايت.
error-document-kind-invalid = اختر نوع المستند.
error-bank-checksum = أرقام التحقق غير متطابقة: تأكّد من عدم وجود خطأ في الكتابة.

## Operator console: seller review
ops-review-tabs = المتاجر حسب الحالة
ops-review-empty = لا توجد متاجر هنا.
ops-review-country = البلد
ops-review-since = تاريخ التسجيل
ops-review-decision = القرار
ops-review-approve = موافقة
ops-review-reject = رفض
ops-review-suspend = إيقاف
ops-review-reinstate = إعادة التفعيل
ops-review-reasons = الأسباب الموجّهة إلى البائع
ops-review-reasons-hint = سبب واحد في كل سطر. سيراها البائع كما كُتبت.
ops-review-history = سجل المراجعة

## Team, roles, tokens and audit log
switch-shop = تبديل المتجر
section-forbidden = لا يتيح لك دورك الوصول إلى هذا الجزء من مركز البائعين. اطلب الوصول من مالك المتجر.
team-title = الفريق
team-members = الأعضاء
team-name = الاسم
team-role = الدور
team-actions = الإجراءات
team-remove = إزالة
team-invite = دعوة شخص
team-invite-hint = سيتلقى الشخص المدعو رسالة بريد إلكتروني تتضمن رابطًا صالحًا لمدة 120 ساعة.
team-send-invite = إرسال الدعوة
team-invited = الدعوة في طريقها.
team-invitations = الدعوات
invitation-pending = بانتظار القبول
invitation-accepted = مقبولة
invitation-revoked = مسحوبة
invitation-expired = منتهية الصلاحية
invitation-revoke = سحب
invitation-title = انضم إلى { $shop } على Shopdeck
invitation-for = هذه الدعوة موجّهة إلى { $email }.
invitation-accept = قبول الدعوة
invitation-log-in = سجّل الدخول بعنوان البريد الإلكتروني هذا لقبول الدعوة.
invitation-create-account = أنشئ حسابك لقبول الدعوة.
role-OWNER = المالك
role-ADMIN = المسؤول
role-PRODUCT_MANAGER = مدير المنتجات
role-ORDER_FULFILMENT = الطلبات وتنفيذها
role-CUSTOMER_SERVICE = خدمة العملاء
role-MARKETING = التسويق
role-FINANCE = المالية
role-ANALYST = محلل البيانات
roles-title = الأدوار
roles-existing = الأدوار وصلاحياتها
roles-area = القسم
roles-new = دور مخصص جديد
roles-name = اسم الدور
roles-create = إنشاء الدور
roles-delete = حذف
area-products = المنتجات
area-orders = الطلبات
area-shipping = الشحن
area-returns = المرتجعات
area-promotions = العروض الترويجية
area-finance = المالية
area-analytics = بوصلة البيانات
area-help_center = مركز المساعدة
access-none = بلا صلاحية
access-view = عرض
access-edit = عرض وتعديل
tokens-title = رموز API المميزة
tokens-none = لا توجد رموز مميزة بعد.
tokens-new = رمز API مميز جديد
tokens-name = اسم الرمز المميز
tokens-scopes-hint = سمِّه باسم ما سيستخدمه. اختر ما يمكنه قراءته (عرض) أو تغييره (تعديل)؛ ولا تعمل الرموز المميزة أبدًا بصفة المالك.
tokens-create = إنشاء رمز مميز
tokens-created = انسخ هذا الرمز المميز الآن، فلن يُعرض مرة أخرى.
tokens-last-used = آخر استخدام
tokens-revoked = ملغى
tokens-revoke = إلغاء
audit-title = سجل التدقيق
audit-filter = عرض
audit-all = الكل
audit-apply = تطبيق
audit-empty = لم يُسجَّل أي شيء بعد.
audit-who = المستخدم
audit-what = الإجراء
audit-where = المصدر
audit-older = الإدخالات الأقدم
audit-group-session = عمليات تسجيل الدخول
audit-group-account = الحسابات
audit-group-profile = ملف المتجر
audit-group-review = المراجعة
audit-group-staff = الفريق والأدوار
audit-group-token = رموز API المميزة
error-role-invalid = اختر دورًا.
error-already-member = هذا الشخص عضو في الفريق بالفعل.
error-role-name-length = يجب أن يتكون اسم الدور من 2 إلى 40 حرفًا.
error-role-name-taken = لدى المتجر دور بهذا الاسم بالفعل.
error-invitation-other-email = هذه الدعوة موجّهة إلى عنوان بريد إلكتروني آخر. سجّل الدخول بذلك العنوان.
error-has-account = يوجد حساب بهذا البريد الإلكتروني. سجّل الدخول لقبول الدعوة.

## Two-factor authentication
twofactor-title = الأمان
twofactor-intro = تطلب المصادقة الثنائية، بعد إدخال كلمة المرور، رمزًا من تطبيق مصادقة (مثل Google Authenticator أو Microsoft Authenticator أو 1Password).
twofactor-on = المصادقة الثنائية مفعّلة.
twofactor-enable = تفعيل المصادقة الثنائية
twofactor-scan = امسح هذا الرمز بتطبيق المصادقة، ثم أدخل الرمز المكوّن من 6 أرقام الذي يظهر فيه.
twofactor-qr = رمز QR لتطبيق المصادقة
twofactor-manual = أو اكتب هذا المفتاح في التطبيق:
twofactor-confirm = تفعيل
twofactor-disable = إيقاف (أدخل رمزًا حاليًا)
twofactor-login-title = أدخل الرمز
twofactor-login-intro = افتح تطبيق المصادقة وأدخل الرمز المكوّن من 6 أرقام الخاص بـ Shopdeck.

## Operator console: categories
ops-nav-categories = الفئات
ops-categories-intro = شجرة فئات المنصة. تُدرَج المنتجات في المستوى الأخير (الفئات الطرفية). تنطبق السمات المحددة لفئة ما على كل ما يندرج تحتها.
ops-category-names = الأسماء
ops-category-attributes = السمات
ops-category-attributes-hint = أدخل مفاتيح من مكتبة السمات مفصولة بفواصل لاتينية (,). أضف ! للسمات الإلزامية، و * للسمات التي تختلف بها وحدات SKU للمنتج (مثل اللون والمقاس…)، مثلًا: brand!, color*, size!*‎.
ops-category-declared = السمات المحددة لهذه الفئة
ops-category-effective = السمات المطلوبة من المنتجات هنا
ops-attr-required = إلزامية
ops-attr-sales = تختلف حسب وحدة SKU
ops-attr-library = مكتبة السمات
ops-category-add-child = إضافة فئة فرعية
ops-category-slug = المعرّف النصي (أحرف لاتينية صغيرة وأرقام وشرطات)
ops-category-name-en = الاسم بالإنجليزية
ops-category-create = إضافة
error-slug-invalid = استخدم أحرفًا لاتينية صغيرة وأرقامًا وشرطات فقط.
error-slug-taken = تستخدم فئة أخرى هذا المعرّف النصي بالفعل.
error-attribute-invalid = استخدم مفاتيح من مكتبة السمات، وكل مفتاح مرة واحدة فقط.
