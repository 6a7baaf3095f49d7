# Notificaciones sobre productos, pedidos, cancelaciones, devoluciones y reembolsos (español).

ntf-product-approved = Tu producto «{ $product }» superó la revisión y ya está a la venta.
ntf-product-failed = Tu producto «{ $product }» no superó la revisión: consulta los motivos y corrígelo.
ntf-product-deactivated = Shopdeck desactivó tu producto «{ $product }»: consulta los motivos.
ntf-order-paid = Nuevo pedido pagado { $order } ({ $amount }): prepara el envío.
ntf-cancellation-requested = El comprador pide cancelar el pedido { $order }: responde antes del plazo.
ntf-return-requested = El comprador pide una devolución o un reembolso del pedido { $order }.
ntf-dispute-opened = El comprador impugna tu respuesta a la devolución del pedido { $order }; Shopdeck decidirá.
ntf-dispute-decided = { $outcome ->
    [buyer] Shopdeck resolvió la disputa del pedido { $order } a favor del comprador: el reembolso sigue adelante.
   *[seller] Shopdeck resolvió la disputa del pedido { $order } a favor del vendedor: la devolución queda cerrada.
}
ntf-payment-confirmed = El pago de tu pedido { $order } está confirmado.
ntf-order-shipped = Tu pedido { $order } ha sido enviado.
ntf-order-delivered = Tu pedido { $order } ha sido entregado.
ntf-order-cancelled = Tu pedido { $order } ha sido cancelado.
ntf-cancellation-rejected = La tienda rechazó cancelar el pedido { $order }; se enviará.
ntf-return-approved = Tu solicitud de devolución del pedido { $order } fue aprobada.
ntf-return-rejected = Tu solicitud de devolución del pedido { $order } fue rechazada; puedes impugnarla.
ntf-refunded = Se reembolsaron { $amount } del pedido { $order }.
ntf-email-open = Ábrelo en Shopdeck: { $link }
ntf-email-settings = Elige qué notificaciones recibes por correo: { $settings }
ntf-sms = Shopdeck: { $title } { $link }
