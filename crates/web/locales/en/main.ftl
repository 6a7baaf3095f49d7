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

## Shop profile and onboarding
edit = Edit
save = Save
shop-unnamed = Your new shop
account-owner-only = Only the shop's owner can see and change this.
checklist-title = Get ready to sell
checklist-done = done
checklist-phone_verified = Phone number verified
checklist-email_verified = Email address verified
checklist-profile_complete = Business details
checklist-warehouse_address = Warehouse (pickup) address
checklist-return_address = Return address
checklist-bank_account = Bank account for payouts
checklist-documents_submitted = Business documents
checklist-platform_approval = Approval by Shopdeck
checklist-reason-verify_phone = Verify your phone number
checklist-reason-verify_email = Verify your email address
checklist-reason-fill_profile = Fill in your business details
checklist-reason-add_warehouse = Add the address parcels are picked up from
checklist-reason-add_return_address = Add the address returns go to
checklist-reason-add_bank_account = Add the account we pay you into
checklist-reason-upload_documents = Upload a business licence or ID
checklist-reason-not_submitted = Submit your shop for review when everything above is done
checklist-reason-under_review = Under review: we usually answer within 2 business days
checklist-reason-rejected = Not approved: correct the points below and submit again
checklist-reason-suspended = Suspended
checklist-submit = Submit for review
checklist-under-review = Your shop is under review. You can prepare products meanwhile; nothing goes live until it is approved.
checklist-rejected = Your shop was not approved yet. The reviewer said:
checklist-suspended = Your shop is suspended. The reason given:
profile-title = Business details
profile-store-name = Shop name
profile-store-name-hint = What buyers see. 3 to 50 characters, unique on Shopdeck.
profile-business-type = Type of business
business-type-INDIVIDUAL = Individual
business-type-SOLE_PROPRIETOR = Sole proprietor
business-type-COMPANY = Company
profile-legal-name = Legal name
profile-registration-number = Business registration number
profile-registration-hint = As on your registration certificate. Not needed for individuals.
profile-contact-name = Contact person
profile-time-zone = Time zone
address-warehouse = Warehouse (pickup) address
address-return = Return address
address-contact-name = Contact name
address-phone = Phone number
address-line1 = Street address
address-line2 = Apartment, suite, unit (optional)
address-city = City
address-region = State, province or region (optional)
address-postal-code = Postal code
bank-title = Bank account for payouts
bank-intro = Payouts go to an account in your shop's country, in its currency. We only ever show the last four digits.
bank-current = Current account:
bank-account_holder = Account holder's name
bank-iban = IBAN
bank-swift_bic = SWIFT/BIC code
bank-routing_number = Routing number (ABA)
bank-account_number = Account number
bank-sort_code = Sort code
bank-bank_code = Bank code
bank-branch_code = Branch code
bank-account_type = Account type
documents-title = Business documents
documents-none = No documents yet.
documents-kind = What is it?
documents-file = File
documents-hint = PDF, JPEG or PNG, up to 10 MB.
documents-upload = Upload
document-kind-BUSINESS_LICENSE = Business licence or registration certificate
document-kind-IDENTITY = Identity document
document-kind-OTHER = Other
error-store-name-length = A shop name has 3 to 50 characters.
error-store-name-taken = Another shop already uses this name.
error-time-zone-invalid = Choose a time zone from the list.
error-document-invalid = Upload a PDF, JPEG or PNG file of at most 10 MB.
error-document-kind-invalid = Choose what the document is.
error-bank-checksum = The check digits do not match: look for a typo.

## Operator console: seller review
ops-review-tabs = Shops by status
ops-review-empty = No shops here.
ops-review-country = Country
ops-review-since = Registered
ops-review-decision = Decision
ops-review-approve = Approve
ops-review-reject = Reject
ops-review-suspend = Suspend
ops-review-reinstate = Reinstate
ops-review-reasons = Reasons for the seller
ops-review-reasons-hint = One per line. The seller sees them as written.
ops-review-history = Review history

## Team, roles, tokens and audit log
switch-shop = Switch shop
section-forbidden = Your role does not include this part of Seller Center. Ask the shop's owner for access.
team-title = Team
team-members = Members
team-name = Name
team-role = Role
team-actions = Actions
team-remove = Remove
team-invite = Invite someone
team-invite-hint = They get an email with a link valid for 120 hours.
team-send-invite = Send invitation
team-invited = The invitation is on its way.
team-invitations = Invitations
invitation-pending = waiting
invitation-accepted = accepted
invitation-revoked = withdrawn
invitation-expired = expired
invitation-revoke = Withdraw
invitation-title = Join { $shop } on Shopdeck
invitation-for = This invitation is for { $email }.
invitation-accept = Accept invitation
invitation-log-in = Log in with that email address to accept.
invitation-create-account = Create your account to accept.
role-OWNER = Owner
role-ADMIN = Admin
role-PRODUCT_MANAGER = Product manager
role-ORDER_FULFILMENT = Order & fulfilment
role-CUSTOMER_SERVICE = Customer service
role-MARKETING = Marketing
role-FINANCE = Finance
role-ANALYST = Analyst
roles-title = Roles
roles-existing = Roles and what they can do
roles-area = Area
roles-new = New custom role
roles-name = Role name
roles-create = Create role
roles-delete = Delete
area-products = Products
area-orders = Orders
area-shipping = Shipping
area-returns = Returns
area-promotions = Promotions
area-finance = Finance
area-analytics = Data Compass
area-help_center = Help Center
access-none = No access
access-view = View
access-edit = View & edit
tokens-title = API tokens
tokens-none = No tokens yet.
tokens-new = New API token
tokens-name = Token name
tokens-scopes-hint = Name it after what will use it. Choose what it may read (view) or change (edit); tokens never act as the owner.
tokens-create = Create token
tokens-created = Copy this token now. It will not be shown again.
tokens-last-used = last used
tokens-revoked = revoked
tokens-revoke = Revoke
audit-title = Audit log
audit-filter = Show
audit-all = Everything
audit-apply = Apply
audit-empty = Nothing recorded yet.
audit-who = Who
audit-what = What
audit-where = From
audit-older = Older entries
audit-group-session = Log-ins
audit-group-account = Accounts
audit-group-profile = Shop profile
audit-group-review = Review
audit-group-staff = Team and roles
audit-group-token = API tokens
error-role-invalid = Choose a role.
error-already-member = This person is already on the team.
error-role-name-length = A role name has 2 to 40 characters.
error-role-name-taken = The shop already has a role with this name.
error-invitation-other-email = This invitation is for another email address. Log in with that one.
error-has-account = An account with this email exists. Log in to accept.

## Two-factor authentication
twofactor-title = Security
twofactor-intro = Two-factor authentication asks for a code from an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password) after your password.
twofactor-on = Two-factor authentication is on.
twofactor-enable = Turn on two-factor authentication
twofactor-scan = Scan this code with your authenticator app, then enter the 6-digit code it shows.
twofactor-qr = QR code for your authenticator app
twofactor-manual = Or type this key into the app:
twofactor-confirm = Turn on
twofactor-disable = Turn off (enter a current code)
twofactor-login-title = Enter your code
twofactor-login-intro = Open your authenticator app and enter the 6-digit code for Shopdeck.

## Operator console: categories
ops-nav-categories = Categories
ops-categories-intro = The platform's category tree. Products are listed in the last level (leaves). Attributes set on a category apply to everything below it.
ops-category-names = Names
ops-category-attributes = Attributes
ops-category-attributes-hint = Keys from the library, separated by commas. Add ! for required and * for attributes products vary by (colour, size…), e.g. brand!, color*, size!*.
ops-category-declared = Set on this category
ops-category-effective = Products here are asked for
ops-attr-required = required
ops-attr-sales = varies by SKU
ops-attr-library = Attribute library
ops-category-add-child = Add a subcategory
ops-category-slug = Slug (lowercase letters, digits, hyphens)
ops-category-name-en = English name
ops-category-create = Add
error-slug-invalid = Use lowercase letters, digits and hyphens.
error-slug-taken = Another category has this slug.
error-attribute-invalid = Use keys from the attribute library, each once.
