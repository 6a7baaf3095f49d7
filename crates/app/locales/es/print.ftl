# Las palabras fijas de etiquetas de envío, albaranes y listas de preparación (español).

print-sandbox = Entorno de pruebas — no es un envío real
print-ship-to = ENVIAR A
print-from = REMITENTE
print-phone = Tel.: { $phone }
print-package-id = ID de paquete: { $id }
print-order-id = ID de pedido: { $id }
print-order-ids = ID de pedidos ({ $count }): { $ids }
print-weight = Peso: { $weight }
print-packing-slip = ALBARÁN
print-order-id-heading = ID de pedido:
print-order-date = Fecha del pedido:
print-product = Producto
print-variant = Variante
print-seller-sku = SKU del vendedor
print-qty = Cant.
print-orders = Pedidos
print-total-items = Total de artículos: { $count }
print-pick-list = Lista de preparación
print-generated = Generada:
print-orders-heading = Pedidos:
print-skus-heading = SKU:
print-total-quantity = Cantidad total: { $count }
print-page = Página { $page } de { $pages }
