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
