# الكتالوج: فحوص نموذج المنتج، وبطاقة جودة العرض، وصفحات المتاجر التجريبية.

cat-sku-remove-row = إزالة
cat-form-attribute-required = اختر { $attribute }: هذه الفئة تتطلبه.
cat-form-description-required = اكتب وصف المنتج قبل إرساله للمراجعة.
cat-quality-scale = جيدة: كل القواعد أدناه مستوفاة. مقبولة: قاعدة أو قاعدتان غير مستوفاتين. ضعيفة: ثلاث قواعد أو أكثر غير مستوفاة، أو لم يجتز العرض الفحوص التلقائية. الفيديو ميزة إضافية ولا يغيّر التقييم.
cat-quality-missed = { $n ->
    [0] كل القواعد مستوفاة.
    [one] قاعدة واحدة غير مستوفاة.
    [two] قاعدتان غير مستوفاتين.
    [few] { $n } قواعد غير مستوفاة.
   *[other] { $n } قاعدة غير مستوفاة.
}
cat-rule-met = مستوفاة
cat-rule-missed = غير مستوفاة
cat-rule-checks = اجتياز الفحوص التلقائية: العنوان والوصف والصور والسمات المطلوبة والأسعار.
cat-rule-description-short = وصف من 300 حرف على الأقل (150 بالصينية أو اليابانية).
cat-rule-description-points = ثلاث ميزات بيع على الأقل في قائمة.
cat-rule-images-few = خمس صور على الأقل.
cat-rule-images-small = كل صورة 600 × 600 بكسل على الأقل.
cat-rule-attributes-incomplete = تعبئة كل السمات الاختيارية للفئة.
cat-rule-brand-missing = ذكر العلامة التجارية (أو «بدون علامة تجارية»).
cat-rule-gtin-missing = رمز شريطي (GTIN أو EAN أو UPC) لوحدات SKU.
cat-rule-package-missing = وزن الطرد وأبعاده.
cat-rule-video-missing = فيديو للمنتج (ميزة إضافية).
cat-finding-description-short = اكتب 300 حرف على الأقل (150 بالصينية أو اليابانية): ما هو المنتج، ومما صُنع، والمقاسات، وطريقة العناية.
cat-finding-description-points = اذكر من 3 إلى 5 ميزات بيع، كل واحدة في سطر يبدأ بـ «- ».
cat-shop-logo = شعار { $shop }
cat-shop-title = صفحة المتجر
cat-shop-hint = ما يراه المشترون أعلى صفحة متجرك: شعار ولافتة وكلمات قليلة عن المتجر.
cat-shop-logo-field = الشعار (مربع، 300 × 300 بكسل على الأقل)
cat-shop-banner-field = اللافتة (عريضة، 1200 × 300 بكسل على الأقل)
cat-shop-description-field = عن المتجر
cat-shop-description-hint = { $n } حرف على الأكثر، بكلماتك.
cat-shop-save = حفظ صفحة المتجر
cat-shop-saved = تم حفظ صفحة المتجر.
