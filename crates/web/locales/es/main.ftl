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

## Sign-up
signup-title = Hazte vendedor en Shopdeck
signup-intro = Abre tu tienda en pocos minutos. Necesitarás tu teléfono y tu correo electrónico.
signup-portal = Portal de vendedores
portal-asia = Asia
portal-europe = Europa
portal-americas = América
signup-country = País o región de tu negocio
signup-country-hint = Determina la moneda y la zona horaria de tu tienda.
signup-phone = Número de teléfono móvil
signup-phone-hint = Te enviaremos un código de 6 dígitos por SMS.
signup-continue = Continuar
signup-verify-phone-title = Verifica tu número de teléfono
signup-verify-email-title = Verifica tu correo electrónico
signup-code-sent = Hemos enviado un código de 6 dígitos a { $target }. Caduca en 10 minutos.
signup-code = Código de verificación
signup-verify = Verificar
signup-resend = Enviar un código nuevo
signup-resent = Te hemos enviado un código nuevo.
signup-account-title = Tu correo electrónico y tu contraseña
signup-email = Correo electrónico
signup-password = Contraseña
signup-password-hint = Al menos 10 caracteres. Evita las contraseñas habituales.
signup-change-email = Usar otro correo electrónico
signup-expired = Este registro ha caducado. Vuelve a empezar.
signup-have-account = ¿Ya eres vendedor?
signup-log-in = Iniciar sesión
signup-step = Paso { $step } de 4

## Password reset
login-forgot = ¿Has olvidado tu contraseña?
reset-title = Restablece tu contraseña
reset-intro = Introduce el correo electrónico de tu cuenta. Si hay una cuenta con esa dirección, le enviaremos un código.
reset-email = Correo electrónico
reset-send = Enviar código
reset-confirm-title = Elige una contraseña nueva
reset-code = Código del correo
reset-new-password = Contraseña nueva
reset-save = Guardar contraseña nueva
reset-sent = Si hay una cuenta con esta dirección, te hemos enviado un código. Caduca en 10 minutos.
reset-done = Se ha cambiado tu contraseña. Inicia sesión con la nueva.

## More field errors
error-email-invalid = Introduce un correo electrónico válido.
error-phone-invalid = Introduce un número de móvil válido para este país.
error-portal-invalid = Elige un portal de vendedores.
error-country-invalid = Elige un país.
error-country-not-in-portal = Este país pertenece a otro portal de vendedores.
error-password-too-short = Usa al menos 10 caracteres.
error-password-too-long = Usa como máximo 128 caracteres.
error-password-too-common = Esta contraseña es demasiado común. Elige otra.
error-code-wrong = Este código no es correcto. Revísalo y vuelve a intentarlo.
error-code-expired = Este código ha caducado. Solicita uno nuevo.
error-code-locked = Demasiados intentos fallidos. Solicita un código nuevo.
error-code-used = Este código ya se ha usado. Solicita uno nuevo.
error-code-missing = Solicita un código nuevo.
error-rate-limited = Demasiados intentos. Vuelve a intentarlo dentro de { $seconds } segundos.
error-conflict = No se puede hacer ahora: { $detail }

## Operator console: outbox
ops-nav-outbox = Bandeja de salida
ops-outbox-intro = Mensajes que Shopdeck ha enviado o está enviando. Con los proveedores de desarrollo, aquí es donde llegan los códigos y avisos.
ops-outbox-to = Para
ops-outbox-channel = Canal
ops-outbox-message = Mensaje
ops-outbox-status = Estado
ops-outbox-time = Hora
ops-outbox-empty = Aún no hay mensajes.
