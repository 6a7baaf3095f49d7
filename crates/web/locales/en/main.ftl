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

## Sign-up
signup-title = Become a Shopdeck seller
signup-intro = Open your shop in a few minutes. You will need your phone and email.
signup-portal = Seller portal
portal-asia = Asia
portal-europe = Europe
portal-americas = Americas
signup-country = Country or region of your business
signup-country-hint = It sets your shop's currency and time zone.
signup-phone = Mobile phone number
signup-phone-hint = We will text you a 6-digit code.
signup-continue = Continue
signup-verify-phone-title = Verify your phone number
signup-verify-email-title = Verify your email address
signup-code-sent = We sent a 6-digit code to { $target }. It expires in 10 minutes.
signup-code = Verification code
signup-verify = Verify
signup-resend = Send a new code
signup-resent = A new code is on its way.
signup-account-title = Your email and password
signup-email = Email address
signup-password = Password
signup-password-hint = At least 10 characters. Avoid common passwords.
signup-change-email = Use another email address
signup-expired = This sign-up has expired. Please start again.
signup-have-account = Already a seller?
signup-log-in = Log in
signup-step = Step { $step } of 4

## Password reset
login-forgot = Forgot your password?
reset-title = Reset your password
reset-intro = Enter the email address of your account. If it has an account, we will email it a code.
reset-email = Email address
reset-send = Send code
reset-confirm-title = Choose a new password
reset-code = Code from the email
reset-new-password = New password
reset-save = Save new password
reset-sent = If this address has an account, a code is on its way. It expires in 10 minutes.
reset-done = Your password was changed. Log in with the new one.

## More field errors
error-email-invalid = Enter a valid email address.
error-phone-invalid = Enter a valid mobile number for this country.
error-portal-invalid = Choose a seller portal.
error-country-invalid = Choose a country.
error-country-not-in-portal = This country belongs to another seller portal.
error-password-too-short = Use at least 10 characters.
error-password-too-long = Use at most 128 characters.
error-password-too-common = This password is too common. Choose another.
error-code-wrong = This code is wrong. Check it and try again.
error-code-expired = This code has expired. Ask for a new one.
error-code-locked = Too many wrong tries. Ask for a new code.
error-code-used = This code was already used. Ask for a new one.
error-code-missing = Ask for a new code.
error-rate-limited = Too many attempts. Try again in { $seconds } seconds.
error-conflict = This cannot be done now: { $detail }

## Operator console: outbox
ops-nav-outbox = Outbox
ops-outbox-intro = Messages Shopdeck sent or is sending. With the development providers, this is where codes and notices arrive.
ops-outbox-to = To
ops-outbox-channel = Channel
ops-outbox-message = Message
ops-outbox-status = Status
ops-outbox-time = Time
ops-outbox-empty = No messages yet.
