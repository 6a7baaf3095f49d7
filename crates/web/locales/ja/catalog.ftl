# カタログ：商品フォームのチェック、出品品質カード、デモショップのページ。

cat-sku-remove-row = 削除
cat-form-attribute-required = { $attribute }を選んでください。このカテゴリでは必須です。
cat-form-description-required = 審査に提出する前に商品説明を入力してください。
cat-quality-scale = 良い：下記のルールをすべて満たしています。普通：1〜2 件を満たしていません。低い：3 件以上を満たしていないか、自動チェックに通っていません。動画は加点要素で、評価は変わりません。
cat-quality-missed = { $n ->
    [0] 満たしていないルールはありません。
   *[other] { $n } 件のルールを満たしていません。
}
cat-rule-met = 達成
cat-rule-missed = 未達成
cat-rule-checks = 自動チェックに合格：タイトル、説明、画像、必須属性、価格。
cat-rule-description-short = 300 文字以上の説明（中国語・日本語は 150 文字以上）。
cat-rule-description-points = 3 つ以上のセールスポイントを箇条書きで。
cat-rule-images-few = 画像 5 枚以上。
cat-rule-images-small = すべての画像が 600 × 600 px 以上。
cat-rule-attributes-incomplete = カテゴリの任意属性をすべて入力。
cat-rule-brand-missing = ブランド名（または「ノーブランド」）。
cat-rule-gtin-missing = SKU にバーコード（GTIN、EAN、UPC）。
cat-rule-package-missing = 梱包の重量とサイズ。
cat-rule-video-missing = 商品の動画（加点要素）。
cat-finding-description-short = 300 文字以上（中国語・日本語は 150 文字以上）で、商品の内容、素材、サイズ、お手入れ方法を書いてください。
cat-finding-description-points = セールスポイントを 3〜5 個、各行を「- 」で始めて書いてください。
cat-shop-logo = { $shop }のロゴ
cat-shop-title = ショップページ
cat-shop-hint = ショップページの上部に表示される内容です：ロゴ、バナー、ショップの紹介文。
cat-shop-logo-field = ロゴ（正方形、300 × 300 px 以上）
cat-shop-banner-field = バナー（横長、1200 × 300 px 以上）
cat-shop-description-field = ショップについて
cat-shop-description-hint = { $n } 文字以内で、ご自身の言葉でどうぞ。
cat-shop-save = ショップページを保存
cat-shop-saved = ショップページを保存しました。
