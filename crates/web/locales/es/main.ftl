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

## Shop profile and onboarding
edit = Editar
save = Guardar
shop-unnamed = Tu nueva tienda
account-owner-only = Solo el propietario de la tienda puede ver y cambiar esta información.
checklist-title = Prepárate para vender
checklist-done = hecho
checklist-phone_verified = Número de teléfono verificado
checklist-email_verified = Correo electrónico verificado
checklist-profile_complete = Datos del negocio
checklist-warehouse_address = Dirección del almacén (recogida)
checklist-return_address = Dirección de devolución
checklist-bank_account = Cuenta bancaria para los pagos
checklist-documents_submitted = Documentos del negocio
checklist-platform_approval = Aprobación de Shopdeck
checklist-reason-verify_phone = Verifica tu número de teléfono
checklist-reason-verify_email = Verifica tu correo electrónico
checklist-reason-fill_profile = Completa los datos de tu negocio
checklist-reason-add_warehouse = Añade la dirección donde se recogen los paquetes
checklist-reason-add_return_address = Añade la dirección a la que llegan las devoluciones
checklist-reason-add_bank_account = Añade la cuenta en la que te pagamos
checklist-reason-upload_documents = Sube una licencia comercial o un documento de identidad
checklist-reason-not_submitted = Envía tu tienda a revisión cuando hayas completado todo lo anterior
checklist-reason-under_review = En revisión: solemos responder en un plazo de 2 días hábiles
checklist-reason-rejected = No aprobada: corrige los puntos siguientes y vuelve a enviarla
checklist-reason-suspended = Suspendida
checklist-submit = Enviar a revisión
checklist-under-review = Tu tienda está en revisión. Mientras tanto, puedes preparar tus productos; no se publicará nada hasta que se apruebe.
checklist-rejected = Tu tienda aún no se ha aprobado. Comentario del revisor:
checklist-suspended = Tu tienda está suspendida. Motivo indicado:
profile-title = Datos del negocio
profile-store-name = Nombre de la tienda
profile-store-name-hint = Es lo que ven los compradores. De 3 a 50 caracteres y único en Shopdeck.
profile-business-type = Tipo de negocio
business-type-INDIVIDUAL = Particular
business-type-SOLE_PROPRIETOR = Autónomo
business-type-COMPANY = Empresa
profile-legal-name = Nombre legal o razón social
profile-registration-number = Número de registro de la empresa
profile-registration-hint = Tal como figura en tu certificado de registro. No es necesario para particulares.
profile-contact-name = Persona de contacto
profile-time-zone = Zona horaria
address-warehouse = Dirección del almacén (recogida)
address-return = Dirección de devolución
address-contact-name = Nombre de contacto
address-phone = Número de teléfono
address-line1 = Dirección
address-line2 = Piso, puerta, bloque (opcional)
address-city = Ciudad
address-region = Estado, provincia o región (opcional)
address-postal-code = Código postal
bank-title = Cuenta bancaria para los pagos
bank-intro = Los pagos se hacen a una cuenta del país de tu tienda, en su moneda. Solo mostramos los cuatro últimos dígitos.
bank-current = Cuenta actual:
bank-account_holder = Nombre del titular de la cuenta
bank-iban = IBAN
bank-swift_bic = Código SWIFT/BIC
bank-routing_number = Número de ruta (ABA)
bank-account_number = Número de cuenta
bank-sort_code = Sort code
bank-bank_code = Código del banco
bank-branch_code = Código de sucursal
bank-account_type = Tipo de cuenta
documents-title = Documentos del negocio
documents-none = Aún no hay documentos.
documents-kind = ¿Qué documento es?
documents-file = Archivo
documents-hint = PDF, JPEG o PNG, de hasta 10 MB.
documents-upload = Subir
document-kind-BUSINESS_LICENSE = Licencia comercial o certificado de registro
document-kind-IDENTITY = Documento de identidad
document-kind-OTHER = Otro
error-store-name-length = El nombre de una tienda debe tener entre 3 y 50 caracteres.
error-store-name-taken = Otra tienda ya usa este nombre.
error-time-zone-invalid = Elige una zona horaria de la lista.
error-document-invalid = Sube un archivo PDF, JPEG o PNG de 10 MB como máximo.
error-document-kind-invalid = Elige qué tipo de documento es.
error-bank-checksum = Los dígitos de control no coinciden: revisa si hay alguna errata.

## Operator console: seller review
ops-review-tabs = Tiendas por estado
ops-review-empty = No hay tiendas aquí.
ops-review-country = País
ops-review-since = Registro
ops-review-decision = Decisión
ops-review-approve = Aprobar
ops-review-reject = Rechazar
ops-review-suspend = Suspender
ops-review-reinstate = Reactivar
ops-review-reasons = Motivos para el vendedor
ops-review-reasons-hint = Uno por línea. El vendedor los verá tal como los escribas.
ops-review-history = Historial de revisión

## Team, roles, tokens and audit log
switch-shop = Cambiar de tienda
section-forbidden = Tu rol no incluye esta parte del Centro de vendedores. Pide acceso al propietario de la tienda.
team-title = Equipo
team-members = Miembros
team-name = Nombre
team-role = Rol
team-actions = Acciones
team-remove = Quitar
team-invite = Invitar a alguien
team-invite-hint = La persona invitada recibirá un correo electrónico con un enlace válido durante 120 horas.
team-send-invite = Enviar invitación
team-invited = La invitación está en camino.
team-invitations = Invitaciones
invitation-pending = pendiente
invitation-accepted = aceptada
invitation-revoked = retirada
invitation-expired = caducada
invitation-revoke = Retirar
invitation-title = Únete a { $shop } en Shopdeck
invitation-for = Esta invitación es para { $email }.
invitation-accept = Aceptar invitación
invitation-log-in = Inicia sesión con ese correo electrónico para aceptar la invitación.
invitation-create-account = Crea tu cuenta para aceptar la invitación.
role-OWNER = Propietario
role-ADMIN = Administrador
role-PRODUCT_MANAGER = Gestor de productos
role-ORDER_FULFILMENT = Pedidos y envíos
role-CUSTOMER_SERVICE = Atención al cliente
role-MARKETING = Marketing
role-FINANCE = Finanzas
role-ANALYST = Analista
roles-title = Roles
roles-existing = Los roles y lo que pueden hacer
roles-area = Sección
roles-new = Nuevo rol personalizado
roles-name = Nombre del rol
roles-create = Crear rol
roles-delete = Eliminar
area-products = Productos
area-orders = Pedidos
area-shipping = Envíos
area-returns = Devoluciones
area-promotions = Promociones
area-finance = Finanzas
area-analytics = Data Compass
area-help_center = Centro de ayuda
access-none = Sin acceso
access-view = Ver
access-edit = Ver y editar
tokens-title = Tokens de API
tokens-none = Aún no hay tokens.
tokens-new = Nuevo token de API
tokens-name = Nombre del token
tokens-scopes-hint = Ponle el nombre de lo que lo va a usar. Elige qué puede leer (ver) o cambiar (editar); los tokens nunca actúan como el propietario.
tokens-create = Crear token
tokens-created = Copia este token ahora. No se volverá a mostrar.
tokens-last-used = último uso
tokens-revoked = revocado
tokens-revoke = Revocar
audit-title = Registro de auditoría
audit-filter = Mostrar
audit-all = Todo
audit-apply = Aplicar
audit-empty = Aún no hay nada registrado.
audit-who = Quién
audit-what = Qué
audit-where = Origen
audit-older = Entradas anteriores
audit-group-session = Inicios de sesión
audit-group-account = Cuentas
audit-group-profile = Perfil de la tienda
audit-group-review = Revisión
audit-group-staff = Equipo y roles
audit-group-token = Tokens de API
error-role-invalid = Elige un rol.
error-already-member = Esta persona ya forma parte del equipo.
error-role-name-length = El nombre de un rol debe tener entre 2 y 40 caracteres.
error-role-name-taken = La tienda ya tiene un rol con este nombre.
error-invitation-other-email = Esta invitación es para otro correo electrónico. Inicia sesión con ese correo.
error-has-account = Ya existe una cuenta con este correo electrónico. Inicia sesión para aceptar la invitación.

## Two-factor authentication
twofactor-title = Seguridad
twofactor-intro = La verificación en dos pasos te pide, después de la contraseña, un código de una app de autenticación (como Google Authenticator, Microsoft Authenticator o 1Password).
twofactor-on = La verificación en dos pasos está activada.
twofactor-enable = Activar la verificación en dos pasos
twofactor-scan = Escanea este código con tu app de autenticación y, después, introduce el código de 6 dígitos que muestra.
twofactor-qr = Código QR para tu app de autenticación
twofactor-manual = O escribe esta clave en la app:
twofactor-confirm = Activar
twofactor-disable = Desactivar (introduce un código actual)
twofactor-login-title = Introduce tu código
twofactor-login-intro = Abre tu app de autenticación e introduce el código de 6 dígitos de Shopdeck.

## Operator console: categories
ops-nav-categories = Categorías
ops-categories-intro = El árbol de categorías de la plataforma. Los productos se publican en el último nivel (las hojas). Los atributos que definas en una categoría se aplican a todo lo que está por debajo de ella.
ops-category-names = Nombres
ops-category-attributes = Atributos
ops-category-attributes-hint = Escribe claves de la biblioteca, separadas por comas. Añade un ! a los atributos obligatorios y un * a los que distinguen los SKU de un producto (color, talla…); por ejemplo: brand!, color*, size!*.
ops-category-declared = Atributos definidos en esta categoría
ops-category-effective = Atributos que se piden a los productos de esta categoría
ops-attr-required = obligatorio
ops-attr-sales = varía según el SKU
ops-attr-library = Biblioteca de atributos
ops-category-add-child = Añadir una subcategoría
ops-category-slug = Slug (letras minúsculas, números y guiones)
ops-category-name-en = Nombre en inglés
ops-category-create = Añadir
error-slug-invalid = Usa solo letras minúsculas, números y guiones.
error-slug-taken = Otra categoría ya usa este slug.
error-attribute-invalid = Usa claves de la biblioteca de atributos, cada una solo una vez.
