# Shopdeck 通过短信和邮件发送的消息，简体中文（zh-CN）。

code-subject = 您的 Shopdeck 验证码
code-sms = 【Shopdeck】验证码：{ $code }，{ $minutes } 分钟内有效。请勿告诉任何人。
code-email =
    您的 Shopdeck 验证码是 { $code }。

    验证码 { $minutes } 分钟内有效。如果您没有申请验证码，请忽略此消息：没有验证码，任何人都无法使用您的邮箱地址。

signup-taken-subject = 有人尝试使用您的信息注册
signup-taken-sms = 【Shopdeck】有人尝试用此手机号注册商家账号，但该号码已有账号。如是您本人，请登录或重置密码。
signup-taken-email =
    有人尝试使用此邮箱地址开通 Shopdeck 商家账号，但该邮箱已有账号。

    如果是您本人，请直接登录或重置密码。如果不是，可以忽略此消息。

reset-subject = 重置您的 Shopdeck 密码
reset-email =
    您用于重置 Shopdeck 密码的验证码是 { $code }。

    验证码 { $minutes } 分钟内有效。如果您没有申请重置密码，请忽略此消息，您的密码将保持不变。

password-changed-subject = 您的 Shopdeck 密码已修改
password-changed-email =
    您的 Shopdeck 账号密码刚刚被修改，所有登录会话均已退出。

    如果这不是您本人的操作，请立即重置密码并联系客服。

buyer-signup-taken-subject = 有人尝试使用您的信息注册 Shopdeck 账号
buyer-signup-taken-sms = 【Shopdeck】有人尝试用此手机号注册购物账号，但该号码已有账号。如是您本人，请直接登录；如不是，请忽略此消息。
buyer-signup-taken-email =
    有人尝试使用此邮箱地址开通 Shopdeck 购物账号，但该邮箱已有账号。

    如果是您本人，请直接登录。如果不是，可以忽略此消息：没有密码，任何人都无法使用您的账号。

review-approved-subject = 您的店铺已通过审核
review-approved-email =
    好消息：您的店铺已通过 Shopdeck 审核。

    您现在可以发布商品并接单了。
review-rejected-subject = 您的店铺需要修改后才能通过审核
review-rejected-email =
    您的店铺暂未通过审核，原因如下：

    { $reasons }

    请在商家中心修改店铺资料后重新提交。
review-suspended-subject = 您的店铺已被暂停
review-suspended-email =
    您的店铺已被暂停，原因如下：

    { $reasons }

    店铺暂停期间，您的商品将无法销售。请通过帮助中心联系客服。
review-reinstated-subject = 您的店铺已恢复
review-reinstated-email =
    您的店铺已恢复，可以重新开始销售。

invite-subject = 邀请您加入 Shopdeck 上的店铺 { $shop }
invite-email =
    您已受邀加入 Shopdeck 商家中心的店铺 { $shop }，参与店铺管理工作。

    请在 { $hours } 小时内接受邀请：{ $link }

    如果您并未预期收到此邀请，请忽略此消息。
