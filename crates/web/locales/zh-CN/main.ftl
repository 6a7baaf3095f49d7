# Shopdeck 界面文案，简体中文（zh-CN）。
# 与 en/main.ftl 的消息 ID 完全一致。

app-name = Shopdeck
skip-to-content = 跳到主要内容
language = 语言
footer-text = Shopdeck——面向社交电商的开源商家中心。
menu = 菜单

## Seller Center navigation
seller-center = 商家中心
nav-home = 首页
nav-products = 商品
nav-orders = 订单
nav-shipping = 物流
nav-returns = 退货退款
nav-promotions = 营销
nav-finance = 财务
nav-analytics = 数据罗盘
nav-help = 帮助中心
nav-account = 账号与用户

## Operator console navigation
ops-console = 运营后台
ops-nav-home = 概览
ops-nav-sellers = 商家审核
ops-nav-products = 商品审核
ops-nav-tickets = 工单
ops-nav-campaigns = 营销活动
ops-nav-jobs = 后台任务

## Sections that are not built yet
not-ready-title = 敬请期待
not-ready-body = 当前版本的 Shopdeck 暂不支持“{ $section }”。
not-ready-back = 返回首页

## Log-in
login-title-seller = 登录商家中心
login-title-ops = 登录运营后台
login-intro = 一站式管理您的商品、订单、物流和回款。
login-field-login = 邮箱或手机号
login-field-password = 密码
login-submit = 登录
login-error-bad-credentials = 账号或密码错误。
login-new-seller = 初次使用 Shopdeck？
login-sign-up = 成为商家
logout = 退出登录
signed-in-as = 当前登录：{ $name }

## Field errors
error-required = 此项为必填项。

## Seller home
seller-home-welcome = 欢迎，{ $name }
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = 状态：{ $status }
seller-status-REGISTERED = 已注册
seller-status-PENDING_REVIEW = 审核中
seller-status-APPROVED = 已通过
seller-status-REJECTED = 已拒绝
seller-status-SUSPENDED = 已暂停
seller-no-shop = 此账号尚未关联任何店铺。
seller-todo-title = 待办事项
seller-todo-empty = 目前没有需要您处理的事项。

## Storefront
store-tagline = 逛独立商家的店铺，边看短视频和直播边购物。
store-search-label = 搜索商品
store-search-placeholder = 您想找什么？
store-search-submit = 搜索
store-categories = 分类
store-shops = 店铺
store-cart = 购物车
store-cart-empty = 购物车还是空的。
store-no-products = 这里还没有商品。
store-sell-link = 在 Shopdeck 上开店
store-shop-country = 发货地：{ $country }
store-search-results = “{ $query }”的搜索结果

## Operator console
ops-home-title = 平台概览
ops-stat-users = 用户
ops-stat-sellers = 店铺
ops-stat-jobs = 后台任务
ops-jobs-status = 状态
ops-jobs-count = 数量
ops-not-operator = 此账号不是平台运营人员。

## Errors
error-404-title = 页面不存在
error-404-body = 您访问的页面不存在或已被移动。
error-500-title = 出错了
error-500-body = 我们未能完成您的请求，请稍后重试。
error-csrf = 此表单已过期，请刷新页面后重试。
error-unavailable = Shopdeck 暂时无法连接数据库，请稍后重试。

## Sign-up
signup-title = 成为 Shopdeck 商家
signup-intro = 只需几分钟即可开店。请准备好您的手机和邮箱。
signup-portal = 商家站点
portal-asia = 亚洲
portal-europe = 欧洲
portal-americas = 美洲
signup-country = 经营主体所在国家或地区
signup-country-hint = 这将决定您店铺的币种和时区。
signup-phone = 手机号
signup-phone-hint = 我们将通过短信向您发送 6 位验证码。
signup-continue = 继续
signup-verify-phone-title = 验证手机号
signup-verify-email-title = 验证邮箱地址
signup-code-sent = 我们已向 { $target } 发送 6 位验证码，10 分钟内有效。
signup-code = 验证码
signup-verify = 验证
signup-resend = 重新发送验证码
signup-resent = 新的验证码已发送。
signup-account-title = 设置邮箱和密码
signup-email = 邮箱地址
signup-password = 密码
signup-password-hint = 至少 10 个字符，请勿使用常见密码。
signup-change-email = 使用其他邮箱地址
signup-expired = 本次注册已过期，请重新开始。
signup-have-account = 已经是商家？
signup-log-in = 登录
signup-step = 第 { $step } 步，共 4 步

## Password reset
login-forgot = 忘记密码？
reset-title = 重置密码
reset-intro = 请输入您账号的邮箱地址。如果该邮箱已注册账号，我们会向其发送验证码。
reset-email = 邮箱地址
reset-send = 发送验证码
reset-confirm-title = 设置新密码
reset-code = 邮件中的验证码
reset-new-password = 新密码
reset-save = 保存新密码
reset-sent = 如果该邮箱已注册账号，验证码正在发送中，10 分钟内有效。
reset-done = 密码已修改，请使用新密码登录。

## More field errors
error-email-invalid = 请输入有效的邮箱地址。
error-phone-invalid = 请输入该国家或地区的有效手机号。
error-portal-invalid = 请选择商家站点。
error-country-invalid = 请选择国家或地区。
error-country-not-in-portal = 该国家或地区属于其他商家站点。
error-password-too-short = 请至少使用 10 个字符。
error-password-too-long = 最多只能使用 128 个字符。
error-password-too-common = 此密码过于常见，请换一个。
error-code-wrong = 验证码错误，请检查后重试。
error-code-expired = 验证码已过期，请重新获取。
error-code-locked = 错误次数过多，请重新获取验证码。
error-code-used = 此验证码已被使用，请重新获取。
error-code-missing = 请重新获取验证码。
error-rate-limited = 尝试次数过多，请在 { $seconds } 秒后重试。
error-conflict = 当前无法执行此操作：{ $detail }

## Operator console: outbox
ops-nav-outbox = 发件箱
ops-outbox-intro = Shopdeck 已发送或正在发送的消息。使用开发环境的消息服务商时，验证码和通知会显示在这里。
ops-outbox-to = 收件人
ops-outbox-channel = 渠道
ops-outbox-message = 消息
ops-outbox-status = 状态
ops-outbox-time = 时间
ops-outbox-empty = 暂无消息。

## Shop profile and onboarding
edit = 编辑
save = 保存
shop-unnamed = 您的新店铺
account-owner-only = 仅店铺所有者可以查看和修改此内容。
checklist-title = 开店准备
checklist-done = 已完成
checklist-phone_verified = 手机号已验证
checklist-email_verified = 邮箱地址已验证
checklist-profile_complete = 经营信息
checklist-warehouse_address = 仓库（揽收）地址
checklist-return_address = 退货地址
checklist-bank_account = 收款银行账户
checklist-documents_submitted = 经营资质文件
checklist-platform_approval = Shopdeck 审核通过
checklist-reason-verify_phone = 验证您的手机号
checklist-reason-verify_email = 验证您的邮箱地址
checklist-reason-fill_profile = 填写您的经营信息
checklist-reason-add_warehouse = 添加包裹的揽收地址
checklist-reason-add_return_address = 添加退货的收货地址
checklist-reason-add_bank_account = 添加用于接收回款的账户
checklist-reason-upload_documents = 上传营业执照或身份证件
checklist-reason-not_submitted = 完成以上所有步骤后，提交店铺审核
checklist-reason-under_review = 审核中：我们通常会在 2 个工作日内给出结果
checklist-reason-rejected = 未通过：请修改以下问题后重新提交
checklist-reason-suspended = 已暂停
checklist-submit = 提交审核
checklist-under-review = 您的店铺正在审核中。您可以先准备商品，审核通过前不会有任何内容上线。
checklist-rejected = 您的店铺暂未通过审核。审核人员的意见：
checklist-suspended = 您的店铺已被暂停。原因如下：
profile-title = 经营信息
profile-store-name = 店铺名称
profile-store-name-hint = 买家看到的名称。3 到 50 个字符，在 Shopdeck 上不可重复。
profile-business-type = 经营主体类型
business-type-INDIVIDUAL = 个人
business-type-SOLE_PROPRIETOR = 个体工商户
business-type-COMPANY = 企业
profile-legal-name = 法定名称
profile-registration-number = 营业执照注册号
profile-registration-hint = 与注册证书上的一致。个人无需填写。
profile-contact-name = 联系人
profile-time-zone = 时区
address-warehouse = 仓库（揽收）地址
address-return = 退货地址
address-contact-name = 联系人姓名
address-phone = 电话号码
address-line1 = 街道地址
address-line2 = 公寓、楼层、门牌号（选填）
address-city = 城市
address-region = 州/省/地区（选填）
address-postal-code = 邮政编码
bank-title = 收款银行账户
bank-intro = 回款将以店铺所在国家或地区的币种，打入该国家或地区的银行账户。我们只会显示账号的后四位。
bank-current = 当前账户：
bank-account_holder = 开户人姓名
bank-iban = IBAN
bank-swift_bic = SWIFT/BIC 代码
bank-routing_number = 银行路由号码（ABA）
bank-account_number = 账号
bank-sort_code = 银行分类代码（Sort code）
bank-bank_code = 银行代码
bank-branch_code = 分行代码
bank-account_type = 账户类型
documents-title = 经营资质文件
documents-none = 暂无文件。
documents-kind = 文件类型
documents-file = 文件
documents-hint = 支持 PDF、JPEG 或 PNG 格式，最大 10 MB。
documents-upload = 上传
document-kind-BUSINESS_LICENSE = 营业执照或注册证书
document-kind-IDENTITY = 身份证件
document-kind-OTHER = 其他
error-store-name-length = 店铺名称须为 3 到 50 个字符。
error-store-name-taken = 该名称已被其他店铺使用。
error-time-zone-invalid = 请从列表中选择时区。
error-document-invalid = 请上传不超过 10 MB 的 PDF、JPEG 或 PNG 文件。
error-document-kind-invalid = 请选择文件类型。
error-bank-checksum = 校验位不匹配，请检查是否有输入错误。

## Operator console: seller review
ops-review-tabs = 按状态查看店铺
ops-review-empty = 暂无店铺。
ops-review-country = 国家或地区
ops-review-since = 注册时间
ops-review-decision = 审核决定
ops-review-approve = 通过
ops-review-reject = 拒绝
ops-review-suspend = 暂停
ops-review-reinstate = 恢复
ops-review-reasons = 给商家的原因说明
ops-review-reasons-hint = 每行一条。商家将看到您填写的原文。
ops-review-history = 审核记录

## Team, roles, tokens and audit log
switch-shop = 切换店铺
section-forbidden = 您的角色无权访问商家中心的这部分内容。请联系店铺所有者开通权限。
team-title = 团队
team-members = 成员
team-name = 姓名
team-role = 角色
team-actions = 操作
team-remove = 移除
team-invite = 邀请成员
team-invite-hint = 对方将收到一封邮件，邮件中的链接 120 小时内有效。
team-send-invite = 发送邀请
team-invited = 邀请已发出。
team-invitations = 邀请
invitation-pending = 待接受
invitation-accepted = 已接受
invitation-revoked = 已撤回
invitation-expired = 已过期
invitation-revoke = 撤回
invitation-title = 加入 Shopdeck 上的店铺 { $shop }
invitation-for = 此邀请发送给 { $email }。
invitation-accept = 接受邀请
invitation-log-in = 请使用该邮箱地址登录后接受邀请。
invitation-create-account = 请先创建账号，再接受邀请。
role-OWNER = 店铺所有者
role-ADMIN = 管理员
role-PRODUCT_MANAGER = 商品管理
role-ORDER_FULFILMENT = 订单与履约
role-CUSTOMER_SERVICE = 客服
role-MARKETING = 营销
role-FINANCE = 财务
role-ANALYST = 数据分析
roles-title = 角色
roles-existing = 角色及其权限
roles-area = 模块
roles-new = 新建自定义角色
roles-name = 角色名称
roles-create = 创建角色
roles-delete = 删除
area-products = 商品
area-orders = 订单
area-shipping = 物流
area-returns = 退货退款
area-promotions = 营销
area-finance = 财务
area-analytics = 数据罗盘
area-help_center = 帮助中心
access-none = 无权限
access-view = 查看
access-edit = 查看和编辑
tokens-title = API 令牌
tokens-none = 暂无令牌。
tokens-new = 新建 API 令牌
tokens-name = 令牌名称
tokens-scopes-hint = 建议以使用该令牌的程序或服务命名。选择它可以读取（查看）或修改（编辑）的内容；令牌永远不会以店铺所有者的身份执行操作。
tokens-create = 创建令牌
tokens-created = 请立即复制此令牌，它将不会再次显示。
tokens-last-used = 最近使用
tokens-revoked = 已吊销
tokens-revoke = 吊销
audit-title = 操作日志
audit-filter = 显示
audit-all = 全部
audit-apply = 应用
audit-empty = 暂无记录。
audit-who = 操作人
audit-what = 操作内容
audit-where = 来源
audit-older = 更早的记录
audit-group-session = 登录
audit-group-account = 账号
audit-group-profile = 店铺资料
audit-group-review = 审核
audit-group-staff = 团队与角色
audit-group-token = API 令牌
error-role-invalid = 请选择角色。
error-already-member = 此人已是团队成员。
error-role-name-length = 角色名称须为 2 到 40 个字符。
error-role-name-taken = 店铺中已有同名角色。
error-invitation-other-email = 此邀请发送给另一个邮箱地址，请使用该邮箱地址登录。
error-has-account = 此邮箱已注册账号，请登录后接受邀请。

## Two-factor authentication
twofactor-title = 账号安全
twofactor-intro = 开启双重验证后，输入密码后还需输入身份验证器应用（如 Google Authenticator、Microsoft Authenticator 或 1Password）生成的验证码。
twofactor-on = 双重验证已开启。
twofactor-enable = 开启双重验证
twofactor-scan = 请使用身份验证器应用扫描此二维码，然后输入应用中显示的 6 位验证码。
twofactor-qr = 身份验证器应用的二维码
twofactor-manual = 或在应用中手动输入此密钥：
twofactor-confirm = 开启
twofactor-disable = 关闭（需输入当前验证码）
twofactor-login-title = 输入验证码
twofactor-login-intro = 请打开身份验证器应用，输入 Shopdeck 的 6 位验证码。

## Operator console: categories
ops-nav-categories = 分类
ops-categories-intro = 平台的分类树。商品发布在最末级分类（叶子分类）中。在某个分类上设置的属性适用于该分类下的全部内容。
ops-category-names = 名称
ops-category-attributes = 属性
ops-category-attributes-hint = 填写属性库中的键，用英文逗号分隔。必填属性后加 !，商品按其区分 SKU 的属性（如颜色、尺码）后加 *，例如：brand!, color*, size!*。
ops-category-declared = 在此分类上设置的属性
ops-category-effective = 此分类下商品需提供的属性
ops-attr-required = 必填
ops-attr-sales = 因 SKU 而异
ops-attr-library = 属性库
ops-category-add-child = 添加子分类
ops-category-slug = URL 别名（小写英文字母、数字、连字符）
ops-category-name-en = 英文名称
ops-category-create = 添加
error-slug-invalid = 请只使用小写英文字母、数字和连字符。
error-slug-taken = 其他分类已在使用此 URL 别名。
error-attribute-invalid = 请使用属性库中的键，每个键只能出现一次。
