# The catalogue: product form checks, the listing quality card, demo shop pages.

cat-sku-remove-row = Remove
cat-form-attribute-required = Choose the { $attribute }: this category requires it.
cat-form-description-required = Describe the product before submitting it for review.
cat-quality-scale = Good: every rule below is met. Fair: one or two are missed. Poor: three or more are missed, or the listing fails the automatic checks. A video is a bonus and does not change the grade.
cat-quality-missed = { $n ->
    [0] No rule missed.
    [one] 1 rule missed.
   *[other] { $n } rules missed.
}
cat-rule-met = Met
cat-rule-missed = Missed
cat-rule-checks = The automatic checks pass: title, description, images, required attributes and prices.
cat-rule-description-short = A description of at least 300 characters (150 in Chinese or Japanese).
cat-rule-description-points = At least 3 selling points, as a list.
cat-rule-images-few = At least 5 images.
cat-rule-images-small = Every image at least 600 × 600 px.
cat-rule-attributes-incomplete = Every optional attribute of the category filled in.
cat-rule-brand-missing = The brand named (or “No brand”).
cat-rule-gtin-missing = A barcode (GTIN, EAN or UPC) on the SKUs.
cat-rule-package-missing = Package weight and dimensions given.
cat-rule-video-missing = A video of the product (a bonus).
cat-finding-description-short = Write at least 300 characters (150 in Chinese or Japanese): what it is, what it is made of, sizes and care.
cat-finding-description-points = List 3 to 5 selling points, one per line starting with “- ”.
cat-shop-logo = { $shop } logo
cat-shop-title = Shop page
cat-shop-hint = What buyers see at the top of your shop's page: a logo, a banner and a few words about the shop.
cat-shop-logo-field = Logo (square, at least 300 × 300 px)
cat-shop-banner-field = Banner (wide, at least 1200 × 300 px)
cat-shop-description-field = About the shop
cat-shop-description-hint = At most { $n } characters, in your own words.
cat-shop-save = Save the shop page
cat-shop-saved = The shop page is saved.
