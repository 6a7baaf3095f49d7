# 商品目录：商品表单检查、商品质量卡片、演示店铺页面。

cat-sku-remove-row = 移除
cat-form-attribute-required = 请选择{ $attribute }：该类目要求填写。
cat-form-description-required = 提交审核前请填写商品描述。
cat-quality-scale = 好：满足下列全部规则。一般：未满足一到两条。差：未满足三条或以上，或未通过自动检查。视频为加分项，不影响等级。
cat-quality-missed = { $n ->
    [0] 所有规则均已满足。
   *[other] 未满足 { $n } 条规则。
}
cat-rule-met = 已满足
cat-rule-missed = 未满足
cat-rule-checks = 通过自动检查：标题、描述、图片、必填属性和价格。
cat-rule-description-short = 描述至少 300 个字符（中文或日文 150 个字符）。
cat-rule-description-points = 以列表形式写出至少 3 个卖点。
cat-rule-images-few = 至少 5 张图片。
cat-rule-images-small = 每张图片至少 600 × 600 像素。
cat-rule-attributes-incomplete = 填写该类目的所有选填属性。
cat-rule-brand-missing = 填写品牌（或“无品牌”）。
cat-rule-gtin-missing = SKU 填写条形码（GTIN、EAN 或 UPC）。
cat-rule-package-missing = 填写包裹重量和尺寸。
cat-rule-video-missing = 商品视频（加分项）。
cat-finding-description-short = 至少写 300 个字符（中文或日文 150 个字符）：商品是什么、材质、尺码和保养方法。
cat-finding-description-points = 列出 3 到 5 个卖点，每行以“- ”开头。
cat-shop-logo = { $shop }的标志
cat-shop-title = 店铺主页
cat-shop-hint = 买家在店铺主页顶部看到的内容：标志、横幅和一段店铺介绍。
cat-shop-logo-field = 标志（正方形，至少 300 × 300 像素）
cat-shop-banner-field = 横幅（宽幅，至少 1200 × 300 像素）
cat-shop-description-field = 店铺介绍
cat-shop-description-hint = 最多 { $n } 个字符，用您自己的话介绍。
cat-shop-save = 保存店铺主页
cat-shop-saved = 店铺主页已保存。
