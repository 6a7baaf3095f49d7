## 通知の受信箱(販売者と購入者)、通知設定、運営者の送信箱の検索

ntf-title = 通知
ntf-header-unread = { $n ->
    [0] 通知:未読なし
   *[other] 通知:未読 { $n } 件
}
ntf-unread = 新着
ntf-mark-read = 既読にする
ntf-mark-all-read = すべて既読にする
ntf-empty-seller = 通知はまだありません。商品・注文・キャンセル・返品のお知らせがここに表示されます。
ntf-empty-buyer = 通知はまだありません。注文・キャンセル・返品・返金のお知らせがここに表示されます。
ntf-older = 以前の通知
ntf-back = 通知に戻る
ntf-settings = 通知設定
ntf-settings-intro-seller = Shopdeck内とメールで受け取る通知を選んでください。あなたのロールで閲覧できる分野の通知だけが届きます。
ntf-settings-intro-buyer = Shopdeck内とメール(アカウントに電話番号しかない場合はSMS)で受け取る通知を選んでください。
ntf-col-kind = 通知
ntf-col-in-app = Shopdeck内
ntf-col-email = メールまたはSMS
ntf-language = メールとSMSの言語
ntf-save = 設定を保存
ntf-saved = 通知設定を保存しました。
ntf-kind-product-approved = 商品が承認された
ntf-kind-product-failed = 商品が審査に不合格
ntf-kind-product-deactivated = 商品が無効化された
ntf-kind-order-paid = 支払い済みの新しい注文
ntf-kind-cancellation-requested = キャンセルのリクエスト
ntf-kind-return-requested = 返品・返金のリクエスト
ntf-kind-dispute-opened = 返品への異議
ntf-kind-dispute-decided = 紛争の判断
ntf-kind-payment-confirmed = 支払いの確認
ntf-kind-order-shipped = 注文の発送
ntf-kind-order-delivered = 注文の配達
ntf-kind-order-cancelled = 注文のキャンセル
ntf-kind-cancellation-rejected = キャンセルの却下
ntf-kind-return-approved = 返品の承認
ntf-kind-return-rejected = 返品の却下
ntf-kind-refunded = 返金の完了
ntf-kind-code = 確認コード
ntf-kind-reset = パスワード再設定コード
ntf-kind-signup-taken = 登録済みの情報での販売者登録
ntf-kind-buyer-signup-taken = 登録済みの情報での購入者登録
ntf-kind-password-changed = パスワードの変更
ntf-kind-invite = チームへの招待
ntf-kind-review-approved = ショップの承認
ntf-kind-review-rejected = ショップの修正依頼
ntf-kind-review-suspended = ショップの停止
ntf-kind-review-reinstated = ショップの再開
ntf-kind-low-stock = 在庫僅少・在庫切れ
ntf-kind-ship-reminder = 発送リマインダー
ntf-outbox-recipient = 宛先(メールアドレスまたは電話番号、その一部でも可)
ntf-outbox-kind = 種類
ntf-outbox-any-kind = すべての種類
ntf-outbox-search = 検索
ntf-outbox-older = 以前のメッセージ
ntf-outbox-none-found = この検索に一致するメッセージはありません。
