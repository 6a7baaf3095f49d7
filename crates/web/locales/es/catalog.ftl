# El catálogo: comprobaciones del formulario de producto, la tarjeta de calidad del anuncio, las páginas de las tiendas de demostración.

cat-sku-remove-row = Quitar
cat-form-attribute-required = Elige: { $attribute }. Esta categoría lo exige.
cat-form-description-required = Describe el producto antes de enviarlo a revisión.
cat-quality-scale = Buena: se cumplen todas las reglas de abajo. Aceptable: faltan una o dos. Baja: faltan tres o más, o el anuncio no pasa las comprobaciones automáticas. Un vídeo es un extra y no cambia la calificación.
cat-quality-missed = { $n ->
    [0] No falta ninguna regla.
    [one] Falta 1 regla.
   *[other] Faltan { $n } reglas.
}
cat-rule-met = Cumplida
cat-rule-missed = Pendiente
cat-rule-checks = Se superan las comprobaciones automáticas: título, descripción, imágenes, atributos obligatorios y precios.
cat-rule-description-short = Una descripción de al menos 300 caracteres (150 en chino o japonés).
cat-rule-description-points = Al menos 3 puntos de venta, en forma de lista.
cat-rule-images-few = Al menos 5 imágenes.
cat-rule-images-small = Cada imagen de al menos 600 × 600 px.
cat-rule-attributes-incomplete = Todos los atributos opcionales de la categoría completados.
cat-rule-brand-missing = La marca indicada (o «Sin marca»).
cat-rule-gtin-missing = Un código de barras (GTIN, EAN o UPC) en los SKU.
cat-rule-package-missing = El peso y las medidas del paquete.
cat-rule-video-missing = Un vídeo del producto (un extra).
cat-finding-description-short = Escribe al menos 300 caracteres (150 en chino o japonés): qué es, de qué está hecho, tallas y cuidados.
cat-finding-description-points = Enumera de 3 a 5 puntos de venta, uno por línea empezando por «- ».
cat-shop-logo = Logo de { $shop }
cat-shop-title = Página de la tienda
cat-shop-hint = Lo que ven los compradores en la parte superior de la página de tu tienda: un logo, un banner y unas palabras sobre la tienda.
cat-shop-logo-field = Logo (cuadrado, al menos 300 × 300 px)
cat-shop-banner-field = Banner (ancho, al menos 1200 × 300 px)
cat-shop-description-field = Sobre la tienda
cat-shop-description-hint = Como máximo { $n } caracteres, con tus palabras.
cat-shop-save = Guardar la página de la tienda
cat-shop-saved = La página de la tienda se ha guardado.
