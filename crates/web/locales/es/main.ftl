# Textos de la interfaz de Shopdeck, español (es).
# Mismos identificadores que en/main.ftl.

app-name = Shopdeck
skip-to-content = Ir al contenido
language = Idioma
footer-text = Shopdeck: el centro de vendedores de código abierto para el comercio social.
menu = Menú

## Seller Center navigation
seller-center = Centro de vendedores
nav-home = Inicio
nav-products = Productos
nav-orders = Pedidos
nav-shipping = Envíos
nav-returns = Devoluciones
nav-promotions = Promociones
nav-finance = Finanzas
nav-analytics = Data Compass
nav-help = Centro de ayuda
nav-account = Cuenta y usuarios

## Operator console navigation
ops-console = Consola de operador
ops-nav-home = Resumen
ops-nav-sellers = Revisión de vendedores
ops-nav-products = Revisión de productos
ops-nav-tickets = Tickets
ops-nav-campaigns = Campañas
ops-nav-jobs = Tareas en segundo plano

## Sections that are not built yet
not-ready-title = Próximamente
not-ready-body = La sección «{ $section }» aún no está disponible en esta versión de Shopdeck.
not-ready-back = Volver al inicio

## Log-in
login-title-seller = Iniciar sesión en el Centro de vendedores
login-title-ops = Iniciar sesión en la consola de operador
login-intro = Gestiona tus productos, pedidos, envíos y pagos en un solo lugar.
login-field-login = Correo electrónico o número de teléfono
login-field-password = Contraseña
login-submit = Iniciar sesión
login-error-bad-credentials = El usuario o la contraseña no son correctos.
login-new-seller = ¿Primera vez en Shopdeck?
login-sign-up = Empieza a vender
logout = Cerrar sesión
signed-in-as = Sesión iniciada como { $name }

## Field errors
error-required = Este campo es obligatorio.

## Seller home
seller-home-welcome = Te damos la bienvenida, { $name }
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = Estado: { $status }
seller-status-REGISTERED = Registrado
seller-status-PENDING_REVIEW = En revisión
seller-status-APPROVED = Aprobado
seller-status-REJECTED = Rechazado
seller-status-SUSPENDED = Suspendido
seller-no-shop = Esta cuenta aún no pertenece a ninguna tienda.
seller-todo-title = Pendientes
seller-todo-empty = No hay nada pendiente por ahora.

## Storefront
store-tagline = Compra a vendedores independientes, desde sus vídeos y directos.
store-search-label = Buscar productos
store-search-placeholder = ¿Qué estás buscando?
store-search-submit = Buscar
store-categories = Categorías
store-shops = Tiendas
store-cart = Carrito
store-cart-empty = Tu carrito está vacío.
store-no-products = Aún no hay productos aquí.
store-sell-link = Vende en Shopdeck
store-shop-country = Envío desde { $country }
store-search-results = Resultados para «{ $query }»

## Operator console
ops-home-title = Resumen de la plataforma
ops-stat-users = Usuarios
ops-stat-sellers = Tiendas
ops-stat-jobs = Tareas en segundo plano
ops-jobs-status = Estado
ops-jobs-count = Cantidad
ops-not-operator = Esta cuenta no es de un operador de la plataforma.

## Errors
error-404-title = Página no encontrada
error-404-body = La página que buscas no existe o se ha movido.
error-500-title = Algo salió mal
error-500-body = No hemos podido completar tu solicitud. Vuelve a intentarlo en un momento.
error-csrf = Este formulario ha caducado. Recarga la página y vuelve a intentarlo.
error-unavailable = Shopdeck no puede conectarse a su base de datos en este momento. Vuelve a intentarlo en un momento.
