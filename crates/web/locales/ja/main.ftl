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
