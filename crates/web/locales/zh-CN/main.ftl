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
