## Notification inbox (seller users and buyers), its settings, and the operator's outbox search

ntf-title = Notifications
ntf-header-unread = { $n ->
    [0] Notifications: none unread
    [one] Notifications: 1 unread
   *[other] Notifications: { $n } unread
}
ntf-unread = New
ntf-mark-read = Mark read
ntf-mark-all-read = Mark all read
ntf-empty-seller = No notifications yet. News about your products, orders, cancellations and returns will appear here.
ntf-empty-buyer = No notifications yet. News about your orders, cancellations, returns and refunds will appear here.
ntf-older = Older notifications
ntf-back = Back to notifications
ntf-settings = Notification settings
ntf-settings-intro-seller = Choose what you hear about, in Shopdeck and by e-mail. You only hear about the areas your role lets you see.
ntf-settings-intro-buyer = Choose what you hear about, in Shopdeck and by e-mail (or by text message if your account has only a phone number).
ntf-col-kind = Notification
ntf-col-in-app = In Shopdeck
ntf-col-email = By e-mail or SMS
ntf-language = Language of e-mails and text messages
ntf-save = Save settings
ntf-saved = Your notification settings are saved.
ntf-kind-product-approved = Product approved
ntf-kind-product-failed = Product failed review
ntf-kind-product-deactivated = Product deactivated
ntf-kind-order-paid = New paid order
ntf-kind-cancellation-requested = Cancellation requested
ntf-kind-return-requested = Return or refund requested
ntf-kind-dispute-opened = Return disputed
ntf-kind-dispute-decided = Dispute decided
ntf-kind-payment-confirmed = Payment confirmed
ntf-kind-order-shipped = Order shipped
ntf-kind-order-delivered = Order delivered
ntf-kind-order-cancelled = Order cancelled
ntf-kind-cancellation-rejected = Cancellation declined
ntf-kind-return-approved = Return approved
ntf-kind-return-rejected = Return declined
ntf-kind-refunded = Refund paid
ntf-kind-code = Verification code
ntf-kind-reset = Password reset code
ntf-kind-signup-taken = Seller sign-up with taken details
ntf-kind-buyer-signup-taken = Buyer sign-up with taken details
ntf-kind-password-changed = Password changed
ntf-kind-invite = Team invitation
ntf-kind-review-approved = Shop approved
ntf-kind-review-rejected = Shop needs changes
ntf-kind-review-suspended = Shop suspended
ntf-kind-review-reinstated = Shop reinstated
ntf-kind-low-stock = Low or out of stock
ntf-kind-ship-reminder = Shipping reminder
ntf-outbox-recipient = Recipient (e-mail or phone, or part of it)
ntf-outbox-kind = Kind
ntf-outbox-any-kind = Any kind
ntf-outbox-search = Search
ntf-outbox-older = Older messages
ntf-outbox-none-found = No message matches this search.
