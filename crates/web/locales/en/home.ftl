# Seller home: to-dos with their counts (plural by $n), the finished set-up, shop health

todo-to-ship = { $n ->
    [one] { $n } order to ship
   *[other] { $n } orders to ship
}
todo-unpaid = { $n ->
    [one] { $n } order awaiting payment
   *[other] { $n } orders awaiting payment
}
todo-due-soon = { $n ->
    [one] { $n } order to ship within 24 hours or already late
   *[other] { $n } orders to ship within 24 hours or already late
}
todo-cancellations = { $n ->
    [one] { $n } cancellation request to answer
   *[other] { $n } cancellation requests to answer
}
todo-returns-respond = { $n ->
    [one] { $n } return request to answer
   *[other] { $n } return requests to answer
}
todo-returns-receive = { $n ->
    [one] { $n } returned package to check
   *[other] { $n } returned packages to check
}
todo-out-of-stock = { $n ->
    [one] { $n } variant out of stock
   *[other] { $n } variants out of stock
}
todo-low-stock = { $n ->
    [one] { $n } variant low on stock
   *[other] { $n } variants low on stock
}
todo-failed = { $n ->
    [one] { $n } product failed review
   *[other] { $n } products failed review
}
home-setup-done = Shop set-up: complete
home-setup-open = Shop set-up

health-not-enough-data = Not enough data yet
health-min-orders = { $n ->
    [one] A rate gets a level once at least { $n } order counts toward it.
   *[other] A rate gets a level once at least { $n } orders count toward it.
}

# Sign-up: the name the seller goes by
signup-display-name = Your name
signup-display-name-hint = How we greet you and how your team sees you. Up to 60 characters.
