## Bandeja de notificaciones (vendedores y compradores), sus ajustes y la búsqueda en la bandeja de salida

ntf-title = Notificaciones
ntf-header-unread = { $n ->
    [0] Notificaciones: ninguna sin leer
    [one] Notificaciones: 1 sin leer
   *[other] Notificaciones: { $n } sin leer
}
ntf-unread = Nuevo
ntf-mark-read = Marcar como leída
ntf-mark-all-read = Marcar todo como leído
ntf-empty-seller = Aún no hay notificaciones. Aquí aparecerán las novedades de tus productos, pedidos, cancelaciones y devoluciones.
ntf-empty-buyer = Aún no hay notificaciones. Aquí aparecerán las novedades de tus pedidos, cancelaciones, devoluciones y reembolsos.
ntf-older = Notificaciones anteriores
ntf-back = Volver a las notificaciones
ntf-settings = Ajustes de notificaciones
ntf-settings-intro-seller = Elige de qué te enteras, en Shopdeck y por correo. Solo recibes avisos de las áreas que tu rol te permite ver.
ntf-settings-intro-buyer = Elige de qué te enteras, en Shopdeck y por correo (o por SMS si tu cuenta solo tiene un número de teléfono).
ntf-col-kind = Notificación
ntf-col-in-app = En Shopdeck
ntf-col-email = Por correo o SMS
ntf-language = Idioma de los correos y SMS
ntf-save = Guardar ajustes
ntf-saved = Tus ajustes de notificaciones se han guardado.
ntf-kind-product-approved = Producto aprobado
ntf-kind-product-failed = Producto no aprobado
ntf-kind-product-deactivated = Producto desactivado
ntf-kind-order-paid = Nuevo pedido pagado
ntf-kind-cancellation-requested = Cancelación solicitada
ntf-kind-return-requested = Devolución o reembolso solicitado
ntf-kind-dispute-opened = Devolución impugnada
ntf-kind-dispute-decided = Disputa resuelta
ntf-kind-payment-confirmed = Pago confirmado
ntf-kind-order-shipped = Pedido enviado
ntf-kind-order-delivered = Pedido entregado
ntf-kind-order-cancelled = Pedido cancelado
ntf-kind-cancellation-rejected = Cancelación rechazada
ntf-kind-return-approved = Devolución aprobada
ntf-kind-return-rejected = Devolución rechazada
ntf-kind-refunded = Reembolso pagado
ntf-kind-code = Código de verificación
ntf-kind-reset = Código para restablecer la contraseña
ntf-kind-signup-taken = Registro de vendedor con datos ya usados
ntf-kind-buyer-signup-taken = Registro de comprador con datos ya usados
ntf-kind-password-changed = Contraseña cambiada
ntf-kind-invite = Invitación al equipo
ntf-kind-review-approved = Tienda aprobada
ntf-kind-review-rejected = Tienda con cambios pendientes
ntf-kind-review-suspended = Tienda suspendida
ntf-kind-review-reinstated = Tienda restablecida
ntf-kind-low-stock = Stock bajo o agotado
ntf-kind-ship-reminder = Recordatorio de envío
ntf-outbox-recipient = Destinatario (correo o teléfono, o parte de él)
ntf-outbox-kind = Tipo
ntf-outbox-any-kind = Cualquier tipo
ntf-outbox-search = Buscar
ntf-outbox-older = Mensajes anteriores
ntf-outbox-none-found = Ningún mensaje coincide con esta búsqueda.
