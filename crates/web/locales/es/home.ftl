# Seller home: to-dos with their counts (plural by $n), the finished set-up, shop health

todo-to-ship = { $n ->
    [one] { $n } pedido por enviar
   *[other] { $n } pedidos por enviar
}
todo-unpaid = { $n ->
    [one] { $n } pedido pendiente de pago
   *[other] { $n } pedidos pendientes de pago
}
todo-due-soon = { $n ->
    [one] { $n } pedido por enviar en 24 horas o ya con retraso
   *[other] { $n } pedidos por enviar en 24 horas o ya con retraso
}
todo-cancellations = { $n ->
    [one] { $n } solicitud de cancelación por responder
   *[other] { $n } solicitudes de cancelación por responder
}
todo-returns-respond = { $n ->
    [one] { $n } solicitud de devolución por responder
   *[other] { $n } solicitudes de devolución por responder
}
todo-returns-receive = { $n ->
    [one] { $n } paquete devuelto por revisar
   *[other] { $n } paquetes devueltos por revisar
}
todo-out-of-stock = { $n ->
    [one] { $n } variante agotada
   *[other] { $n } variantes agotadas
}
todo-low-stock = { $n ->
    [one] { $n } variante con pocas existencias
   *[other] { $n } variantes con pocas existencias
}
todo-failed = { $n ->
    [one] { $n } producto rechazado
   *[other] { $n } productos rechazados
}
home-setup-done = Configuración de la tienda: completa
home-setup-open = Configuración de la tienda

health-not-enough-data = Aún no hay datos suficientes
health-min-orders = { $n ->
    [one] Una tasa recibe un nivel cuando cuenta al menos { $n } pedido.
   *[other] Una tasa recibe un nivel cuando cuenta al menos { $n } pedidos.
}

# Sign-up: the name the seller goes by
signup-display-name = Tu nombre
signup-display-name-hint = Cómo te saludamos y cómo te ve tu equipo. Hasta 60 caracteres.
