# Shopdeck UI 文字列、日本語（ja）。
# en/main.ftl と同じメッセージ ID を持ちます。

app-name = Shopdeck
skip-to-content = メインコンテンツへスキップ
language = 言語
footer-text = Shopdeck — ソーシャルコマースのためのオープンソース・セラーセンター
menu = メニュー

## Seller Center navigation
seller-center = セラーセンター
nav-home = ホーム
nav-products = 商品
nav-orders = 注文
nav-shipping = 配送
nav-returns = 返品・返金
nav-promotions = プロモーション
nav-finance = 財務
nav-analytics = データコンパス
nav-help = ヘルプセンター
nav-account = アカウントとユーザー

## Operator console navigation
ops-console = 運営コンソール
ops-nav-home = 概要
ops-nav-sellers = セラー審査
ops-nav-products = 商品審査
ops-nav-tickets = チケット
ops-nav-campaigns = キャンペーン
ops-nav-jobs = バックグラウンドジョブ

## Sections that are not built yet
not-ready-title = 近日公開
not-ready-body = 「{ $section }」は、このバージョンのShopdeckではまだご利用いただけません。
not-ready-back = ホームに戻る

## Log-in
login-title-seller = セラーセンターにログイン
login-title-ops = 運営コンソールにログイン
login-intro = 商品、注文、配送、売上金の受け取りをまとめて管理できます。
login-field-login = メールアドレスまたは電話番号
login-field-password = パスワード
login-submit = ログイン
login-error-bad-credentials = ログインIDまたはパスワードが正しくありません。
login-new-seller = Shopdeckは初めてですか？
login-sign-up = セラー登録
logout = ログアウト
signed-in-as = { $name } としてログイン中

## Field errors
error-required = この項目は必須です。

## Seller home
seller-home-welcome = ようこそ、{ $name } さん
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = ステータス：{ $status }
seller-status-REGISTERED = 登録済み
seller-status-PENDING_REVIEW = 審査中
seller-status-APPROVED = 承認済み
seller-status-REJECTED = 却下
seller-status-SUSPENDED = 停止中
seller-no-shop = このアカウントはまだどのショップにも所属していません。
seller-todo-title = やること
seller-todo-empty = 現在、対応が必要な項目はありません。

## Storefront
store-tagline = 個性あふれる独立系セラーの商品を、動画やライブ配信からお買い物。
store-search-label = 商品を検索
store-search-placeholder = 何をお探しですか？
store-search-submit = 検索
store-categories = カテゴリー
store-shops = ショップ
store-cart = カート
store-cart-empty = カートに商品はありません。
store-no-products = まだ商品がありません。
store-sell-link = Shopdeckで販売する
store-shop-country = 発送元：{ $country }
store-search-results = 「{ $query }」の検索結果

## Operator console
ops-home-title = プラットフォーム概要
ops-stat-users = ユーザー
ops-stat-sellers = ショップ
ops-stat-jobs = バックグラウンドジョブ
ops-jobs-status = ステータス
ops-jobs-count = 件数
ops-not-operator = このアカウントはプラットフォーム運営者ではありません。

## Errors
error-404-title = ページが見つかりません
error-404-body = お探しのページは存在しないか、移動した可能性があります。
error-500-title = 問題が発生しました
error-500-body = リクエストを完了できませんでした。しばらくしてから、もう一度お試しください。
error-csrf = このフォームの有効期限が切れました。ページを再読み込みして、もう一度お試しください。
error-unavailable = 現在、Shopdeckがデータベースに接続できません。しばらくしてから、もう一度お試しください。

## Sign-up
signup-title = Shopdeckのセラーになる
signup-intro = 数分でショップを開設できます。携帯電話とメールアドレスをご用意ください。
signup-portal = セラーポータル
portal-asia = アジア
portal-europe = ヨーロッパ
portal-americas = 南北アメリカ
signup-country = 事業所在国・地域
signup-country-hint = ショップの通貨とタイムゾーンの設定に使用されます。
signup-phone = 携帯電話番号
signup-phone-hint = 6桁の認証コードをSMSでお送りします。
signup-continue = 次へ
signup-verify-phone-title = 電話番号の認証
signup-verify-email-title = メールアドレスの認証
signup-code-sent = { $target } に6桁の認証コードを送信しました。有効期限は10分です。
signup-code = 認証コード
signup-verify = 認証する
signup-resend = 新しいコードを送信
signup-resent = 新しいコードを送信しました。
signup-account-title = メールアドレスとパスワード
signup-email = メールアドレス
signup-password = パスワード
signup-password-hint = 10文字以上で設定してください。よく使われるパスワードは避けてください。
signup-change-email = 別のメールアドレスを使用
signup-expired = この登録手続きは有効期限が切れました。最初からやり直してください。
signup-have-account = すでにセラー登録済みですか？
signup-log-in = ログイン
signup-step = ステップ { $step }/4

## Password reset
login-forgot = パスワードをお忘れですか？
reset-title = パスワードの再設定
reset-intro = アカウントのメールアドレスを入力してください。そのアドレスのアカウントが存在する場合、認証コードをメールでお送りします。
reset-email = メールアドレス
reset-send = コードを送信
reset-confirm-title = 新しいパスワードを設定
reset-code = メールに記載されたコード
reset-new-password = 新しいパスワード
reset-save = 新しいパスワードを保存
reset-sent = このアドレスのアカウントが存在する場合、コードを送信しました。有効期限は10分です。
reset-done = パスワードを変更しました。新しいパスワードでログインしてください。

## More field errors
error-email-invalid = 有効なメールアドレスを入力してください。
error-phone-invalid = この国・地域の有効な携帯電話番号を入力してください。
error-portal-invalid = セラーポータルを選択してください。
error-country-invalid = 国・地域を選択してください。
error-country-not-in-portal = この国・地域は別のセラーポータルに属しています。
error-password-too-short = 10文字以上で入力してください。
error-password-too-long = 128文字以内で入力してください。
error-password-too-common = このパスワードはよく使われているため使用できません。別のパスワードを選んでください。
error-code-wrong = コードが正しくありません。確認して、もう一度お試しください。
error-code-expired = このコードは有効期限が切れています。新しいコードをリクエストしてください。
error-code-locked = 誤入力の回数が多すぎます。新しいコードをリクエストしてください。
error-code-used = このコードはすでに使用されています。新しいコードをリクエストしてください。
error-code-missing = 新しいコードをリクエストしてください。
error-rate-limited = 試行回数が多すぎます。{ $seconds }秒後にもう一度お試しください。
error-conflict = 現在この操作は実行できません：{ $detail }

## Operator console: outbox
ops-nav-outbox = 送信ボックス
ops-outbox-intro = Shopdeckが送信した、または送信中のメッセージです。開発用プロバイダーを使用している場合、認証コードや通知はここに届きます。
ops-outbox-to = 宛先
ops-outbox-channel = チャネル
ops-outbox-message = メッセージ
ops-outbox-status = ステータス
ops-outbox-time = 日時
ops-outbox-empty = メッセージはまだありません。

## Shop profile and onboarding
edit = 編集
save = 保存
shop-unnamed = 新しいショップ
account-owner-only = この情報は、ショップのオーナーのみが閲覧・変更できます。
checklist-title = 販売開始の準備
checklist-done = 完了
checklist-phone_verified = 電話番号の認証
checklist-email_verified = メールアドレスの認証
checklist-profile_complete = 事業者情報
checklist-warehouse_address = 倉庫（集荷）住所
checklist-return_address = 返品先住所
checklist-bank_account = 売上金の振込先口座
checklist-documents_submitted = 事業関連書類
checklist-platform_approval = Shopdeckによる承認
checklist-reason-verify_phone = 電話番号を認証してください
checklist-reason-verify_email = メールアドレスを認証してください
checklist-reason-fill_profile = 事業者情報を入力してください
checklist-reason-add_warehouse = 荷物の集荷先住所を追加してください
checklist-reason-add_return_address = 返品の送付先住所を追加してください
checklist-reason-add_bank_account = 売上金の振込先口座を追加してください
checklist-reason-upload_documents = 営業許可証または本人確認書類をアップロードしてください
checklist-reason-not_submitted = 上記がすべて完了したら、ショップを審査に提出してください
checklist-reason-under_review = 審査中：通常2営業日以内に結果をお知らせします
checklist-reason-rejected = 未承認：以下の点を修正して、再度提出してください
checklist-reason-suspended = 停止中
checklist-submit = 審査に提出
checklist-under-review = ショップは審査中です。その間に商品の準備を進めることができます。承認されるまで、何も公開されません。
checklist-rejected = ショップはまだ承認されていません。審査担当者からのコメント：
checklist-suspended = ショップは停止されています。理由：
profile-title = 事業者情報
profile-store-name = ショップ名
profile-store-name-hint = 購入者に表示される名前です。3～50文字で、Shopdeck内で重複しない名前にしてください。
profile-business-type = 事業形態
business-type-INDIVIDUAL = 個人
business-type-SOLE_PROPRIETOR = 個人事業主
business-type-COMPANY = 法人
profile-legal-name = 正式名称
profile-registration-number = 事業者登録番号
profile-registration-hint = 登録証明書の記載どおりに入力してください。個人の場合は不要です。
profile-contact-name = 担当者名
profile-time-zone = タイムゾーン
address-warehouse = 倉庫（集荷）住所
address-return = 返品先住所
address-contact-name = 担当者名
address-phone = 電話番号
address-line1 = 番地・通り名
address-line2 = 建物名・部屋番号（任意）
address-city = 市区町村
address-region = 都道府県・州・地域（任意）
address-postal-code = 郵便番号
bank-title = 売上金の振込先口座
bank-intro = 売上金は、ショップの所在国にある口座へ、その国の通貨で振り込まれます。口座番号は下4桁のみ表示されます。
bank-current = 現在の口座：
bank-account_holder = 口座名義
bank-iban = IBAN
bank-swift_bic = SWIFT/BICコード
bank-routing_number = ルーティング番号（ABA）
bank-account_number = 口座番号
bank-sort_code = ソートコード
bank-bank_code = 銀行コード
bank-branch_code = 支店コード
bank-account_type = 口座種別
documents-title = 事業関連書類
documents-none = 書類はまだありません。
documents-kind = 書類の種類
documents-file = ファイル
documents-hint = PDF、JPEG、PNG形式、10 MBまで。
documents-upload = アップロード
document-kind-BUSINESS_LICENSE = 営業許可証または登記証明書
document-kind-IDENTITY = 本人確認書類
document-kind-OTHER = その他
error-store-name-length = ショップ名は3～50文字で入力してください。
error-store-name-taken = この名前はすでに別のショップで使用されています。
error-time-zone-invalid = リストからタイムゾーンを選択してください。
error-document-invalid = 10 MB以下のPDF、JPEG、PNGファイルをアップロードしてください。
error-document-kind-invalid = 書類の種類を選択してください。
error-bank-checksum = チェックディジットが一致しません。入力ミスがないか確認してください。

## Operator console: seller review
ops-review-tabs = ステータス別ショップ
ops-review-empty = 該当するショップはありません。
ops-review-country = 国・地域
ops-review-since = 登録日
ops-review-decision = 判定
ops-review-approve = 承認
ops-review-reject = 却下
ops-review-suspend = 停止
ops-review-reinstate = 再開
ops-review-reasons = セラーへの理由説明
ops-review-reasons-hint = 1行に1つずつ入力してください。入力した内容がそのままセラーに表示されます。
ops-review-history = 審査履歴

## Team, roles, tokens and audit log
switch-shop = ショップを切り替え
section-forbidden = お使いのロールでは、セラーセンターのこの機能を利用できません。ショップのオーナーにアクセス権を依頼してください。
team-title = チーム
team-members = メンバー
team-name = 名前
team-role = ロール
team-actions = 操作
team-remove = 削除
team-invite = メンバーを招待
team-invite-hint = 招待された方には、120時間有効なリンクを記載したメールが届きます。
team-send-invite = 招待を送信
team-invited = 招待を送信しました。
team-invitations = 招待
invitation-pending = 承諾待ち
invitation-accepted = 承諾済み
invitation-revoked = 取り消し済み
invitation-expired = 期限切れ
invitation-revoke = 取り消す
invitation-title = Shopdeckの「{ $shop }」に参加
invitation-for = この招待は { $email } 宛てです。
invitation-accept = 招待を承諾
invitation-log-in = 承諾するには、そのメールアドレスでログインしてください。
invitation-create-account = 承諾するには、アカウントを作成してください。
role-OWNER = オーナー
role-ADMIN = 管理者
role-PRODUCT_MANAGER = 商品管理
role-ORDER_FULFILMENT = 注文・出荷
role-CUSTOMER_SERVICE = カスタマーサービス
role-MARKETING = マーケティング
role-FINANCE = 財務
role-ANALYST = アナリスト
roles-title = ロール
roles-existing = ロールと権限
roles-area = 機能
roles-new = 新しいカスタムロール
roles-name = ロール名
roles-create = ロールを作成
roles-delete = 削除
area-products = 商品
area-orders = 注文
area-shipping = 配送
area-returns = 返品・返金
area-promotions = プロモーション
area-finance = 財務
area-analytics = データコンパス
area-help_center = ヘルプセンター
access-none = アクセス不可
access-view = 閲覧
access-edit = 閲覧・編集
tokens-title = APIトークン
tokens-none = トークンはまだありません。
tokens-new = 新しいAPIトークン
tokens-name = トークン名
tokens-scopes-hint = 使用先がわかる名前を付けてください。読み取り（閲覧）または変更（編集）できる範囲を選択します。トークンがオーナーとして操作することはありません。
tokens-create = トークンを作成
tokens-created = このトークンを今すぐコピーしてください。再表示はされません。
tokens-last-used = 最終使用
tokens-revoked = 無効化済み
tokens-revoke = 無効にする
audit-title = 操作ログ
audit-filter = 表示
audit-all = すべて
audit-apply = 適用
audit-empty = 記録はまだありません。
audit-who = 実行者
audit-what = 内容
audit-where = 接続元
audit-older = 以前の記録
audit-group-session = ログイン
audit-group-account = アカウント
audit-group-profile = ショップ情報
audit-group-review = 審査
audit-group-staff = チームとロール
audit-group-token = APIトークン
error-role-invalid = ロールを選択してください。
error-already-member = この方はすでにチームのメンバーです。
error-role-name-length = ロール名は2～40文字で入力してください。
error-role-name-taken = このショップには同じ名前のロールがすでにあります。
error-invitation-other-email = この招待は別のメールアドレス宛てです。そのメールアドレスでログインしてください。
error-has-account = このメールアドレスのアカウントはすでに存在します。ログインして承諾してください。

## Two-factor authentication
twofactor-title = セキュリティ
twofactor-intro = 2段階認証を有効にすると、パスワードの入力後に、認証アプリ（Google Authenticator、Microsoft Authenticator、1Passwordなど）に表示されるコードの入力が必要になります。
twofactor-on = 2段階認証は有効です。
twofactor-enable = 2段階認証を有効にする
twofactor-scan = 認証アプリでこのコードをスキャンし、表示された6桁のコードを入力してください。
twofactor-qr = 認証アプリ用のQRコード
twofactor-manual = または、このキーをアプリに入力してください：
twofactor-confirm = 有効にする
twofactor-disable = 無効にする（現在のコードを入力）
twofactor-login-title = コードを入力
twofactor-login-intro = 認証アプリを開き、Shopdeckの6桁のコードを入力してください。

## Operator console: categories
ops-nav-categories = カテゴリー
ops-categories-intro = プラットフォームのカテゴリーツリーです。商品は最下層（末端）のカテゴリーに出品されます。カテゴリーに設定した属性は、その下のすべてに適用されます。
ops-category-names = 名称
ops-category-attributes = 属性
ops-category-attributes-hint = 属性ライブラリのキーを半角カンマで区切って入力します。必須の属性には !、商品がSKUごとに変わる属性（色、サイズなど）には * を付けます。例：brand!, color*, size!*
ops-category-declared = このカテゴリーで設定する属性
ops-category-effective = このカテゴリーの商品に求める属性
ops-attr-required = 必須
ops-attr-sales = SKUごとに異なる
ops-attr-library = 属性ライブラリ
ops-category-add-child = サブカテゴリーを追加
ops-category-slug = スラッグ（半角英小文字、数字、ハイフン）
ops-category-name-en = 英語名
ops-category-create = 追加
error-slug-invalid = 半角英小文字、数字、ハイフンのみを使用してください。
error-slug-taken = このスラッグはすでに別のカテゴリーで使用されています。
error-attribute-invalid = 属性ライブラリのキーを、それぞれ1回ずつ使用してください。
