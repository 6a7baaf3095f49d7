# Shopdeck UI strings, English (the source language).
# Every other locale folder has the same keys.

app-name = Shopdeck
skip-to-content = Skip to content
language = Language
footer-text = Shopdeck — the open-source seller center for social commerce.
menu = Menu

## Seller Center navigation
seller-center = Seller Center
nav-home = Home
nav-products = Products
nav-orders = Orders
nav-shipping = Shipping
nav-returns = Returns
nav-promotions = Promotions
nav-finance = Finance
nav-analytics = Data Compass
nav-help = Help Center
nav-account = Account & users

## Operator console navigation
ops-console = Operator console
ops-nav-home = Overview
ops-nav-sellers = Seller review
ops-nav-products = Product review
ops-nav-tickets = Tickets
ops-nav-campaigns = Campaigns
ops-nav-jobs = Background jobs

## Sections that are not built yet
not-ready-title = Coming soon
not-ready-body = { $section } is not available in this version of Shopdeck yet.
not-ready-back = Back to home

## Log-in
login-title-seller = Log in to Seller Center
login-title-ops = Log in to the operator console
login-intro = Manage your products, orders, shipping and payouts in one place.
login-field-login = Email or phone number
login-field-password = Password
login-submit = Log in
login-error-bad-credentials = The login or password is wrong.
login-new-seller = New to Shopdeck?
login-sign-up = Become a seller
logout = Log out
signed-in-as = Signed in as { $name }

## Field errors
error-required = This field is required.

## Seller home
seller-home-welcome = Welcome, { $name }
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = Status: { $status }
seller-status-REGISTERED = Registered
seller-status-PENDING_REVIEW = Under review
seller-status-APPROVED = Approved
seller-status-REJECTED = Rejected
seller-status-SUSPENDED = Suspended
seller-no-shop = This account does not belong to any shop yet.
seller-todo-title = To do
seller-todo-empty = Nothing needs your attention right now.

## Storefront
store-tagline = Shop from independent sellers, their videos and live streams.
store-search-label = Search products
store-search-placeholder = What are you looking for?
store-search-submit = Search
store-categories = Categories
store-shops = Shops
store-cart = Cart
store-cart-empty = Your cart is empty.
store-no-products = No products here yet.
store-sell-link = Sell on Shopdeck
store-shop-country = Ships from { $country }
store-search-results = Results for “{ $query }”

## Operator console
ops-home-title = Platform overview
ops-stat-users = Users
ops-stat-sellers = Shops
ops-stat-jobs = Background jobs
ops-jobs-status = Status
ops-jobs-count = Count
ops-not-operator = This account is not a platform operator.

## Errors
error-404-title = Page not found
error-404-body = The page you asked for does not exist or has moved.
error-500-title = Something went wrong
error-500-body = We could not finish your request. Please try again in a moment.
error-csrf = This form has expired. Reload the page and try again.
error-unavailable = Shopdeck cannot reach its database right now. Please try again in a moment.
