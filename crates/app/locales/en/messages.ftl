# Messages Shopdeck sends by SMS and email, English (the source language).

code-subject = Your Shopdeck verification code
code-sms = Shopdeck code: { $code }. It expires in { $minutes } minutes. Never share it with anyone.
code-email =
    Your Shopdeck verification code is { $code }.

    It expires in { $minutes } minutes. If you did not ask for it, ignore this message: nobody can use your address without the code.

signup-taken-subject = Someone tried to sign up with your details
signup-taken-sms = Someone tried to open a Shopdeck seller account with this phone number, which already has one. If it was you, log in or reset your password.
signup-taken-email =
    Someone tried to open a Shopdeck seller account with this email address, which already has one.

    If it was you, log in or reset your password. If not, you can ignore this message.

reset-subject = Reset your Shopdeck password
reset-email =
    Your code to reset your Shopdeck password is { $code }.

    It expires in { $minutes } minutes. If you did not ask to reset your password, ignore this message; your password stays as it is.

password-changed-subject = Your Shopdeck password was changed
password-changed-email =
    The password of your Shopdeck account was just changed, and every session was logged out.

    If this was not you, reset your password at once and contact support.

buyer-signup-taken-subject = Someone tried to open a Shopdeck account with your details
buyer-signup-taken-sms = Shopdeck: someone tried to open a shopping account with this number, which already has one. If it was you, just log in. If not, ignore this message.
buyer-signup-taken-email =
    Someone tried to open a Shopdeck shopping account with this email address, which already has one.

    If it was you, just log in. If not, you can ignore this message: nobody can use your account without your password.

review-approved-subject = Your shop is approved
review-approved-email =
    Good news: your shop passed review and is approved on Shopdeck.

    You can now publish products and take orders.
review-rejected-subject = Your shop needs changes before approval
review-rejected-email =
    Your shop did not pass review yet, for these reasons:

    { $reasons }

    Correct your profile in Seller Center and submit it again.
review-suspended-subject = Your shop is suspended
review-suspended-email =
    Your shop was suspended for this reason:

    { $reasons }

    Your products are not on sale while it is suspended. Contact support through the Help Center.
review-reinstated-subject = Your shop is reinstated
review-reinstated-email =
    Your shop is reinstated and can sell again.

invite-subject = You are invited to join { $shop } on Shopdeck
invite-email =
    You are invited to work in the shop { $shop } on Shopdeck Seller Center.

    Accept within { $hours } hours: { $link }

    If you did not expect this, ignore this message.
