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
