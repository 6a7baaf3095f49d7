# ShopdeckがSMSとメールで送信するメッセージ、日本語（ja）。

code-subject = Shopdeckの認証コード
code-sms = 【Shopdeck】認証コード：{ $code }（有効期限{ $minutes }分）。このコードは誰にも教えないでください。
code-email =
    Shopdeckの認証コードは { $code } です。

    有効期限は{ $minutes }分です。お心当たりのない場合は、このメッセージを無視してください。コードがなければ、誰もお客様のメールアドレスを使用できません。

signup-taken-subject = お客様の情報で登録が試みられました
signup-taken-sms = 【Shopdeck】登録済みのこの電話番号でセラー登録が試みられました。ご本人の場合はログインまたはパスワードを再設定してください。
signup-taken-email =
    すでにShopdeckのセラーアカウントが登録されているこのメールアドレスで、新たなセラーアカウントの開設が試みられました。

    ご本人の場合は、ログインするか、パスワードを再設定してください。お心当たりのない場合は、このメッセージを無視してください。

reset-subject = Shopdeckのパスワードの再設定
reset-email =
    Shopdeckのパスワードを再設定するためのコードは { $code } です。

    有効期限は{ $minutes }分です。パスワードの再設定をリクエストしていない場合は、このメッセージを無視してください。パスワードは変更されません。

password-changed-subject = Shopdeckのパスワードが変更されました
password-changed-email =
    お客様のShopdeckアカウントのパスワードが変更され、すべてのセッションからログアウトされました。

    お心当たりのない場合は、すぐにパスワードを再設定し、サポートまでお問い合わせください。

buyer-signup-taken-subject = お客様の情報でShopdeckアカウントの登録が試みられました
buyer-signup-taken-sms = 【Shopdeck】登録済みのこの電話番号でショッピングアカウントの登録が試みられました。ご本人の場合はそのままログインしてください。お心当たりのない場合は無視してください。
buyer-signup-taken-email =
    すでにShopdeckのショッピングアカウントが登録されているこのメールアドレスで、新たなアカウントの開設が試みられました。

    ご本人の場合は、そのままログインしてください。お心当たりのない場合は、このメッセージを無視してください。パスワードがなければ、誰もお客様のアカウントを使用できません。

review-approved-subject = ショップが承認されました
review-approved-email =
    おめでとうございます。ショップが審査に合格し、Shopdeckで承認されました。

    商品の公開と注文の受け付けを開始できます。
review-rejected-subject = ショップの承認には修正が必要です
review-rejected-email =
    以下の理由により、ショップはまだ審査に合格していません。

    { $reasons }

    セラーセンターでショップ情報を修正し、再度提出してください。
review-suspended-subject = ショップが停止されました
review-suspended-email =
    以下の理由により、ショップは停止されました。

    { $reasons }

    停止中は商品を販売できません。ヘルプセンターからサポートにお問い合わせください。
review-reinstated-subject = ショップが再開されました
review-reinstated-email =
    ショップが再開され、再び販売できるようになりました。

invite-subject = Shopdeckのショップ「{ $shop }」に招待されました
invite-email =
    Shopdeckセラーセンターのショップ「{ $shop }」のメンバーとして招待されました。

    { $hours }時間以内に、こちらから承諾してください：{ $link }

    お心当たりのない場合は、このメッセージを無視してください。
