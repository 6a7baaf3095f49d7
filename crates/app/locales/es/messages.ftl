# Mensajes que Shopdeck envía por SMS y correo electrónico, español (es).

code-subject = Tu código de verificación de Shopdeck
code-sms = Código de Shopdeck: { $code }. Caduca en { $minutes } minutos. No lo compartas con nadie.
code-email =
    Tu código de verificación de Shopdeck es { $code }.

    Caduca en { $minutes } minutos. Si no lo has solicitado, ignora este mensaje: nadie puede usar tu dirección sin el código.

signup-taken-subject = Alguien ha intentado registrarse con tus datos
signup-taken-sms = Alguien ha intentado abrir una cuenta de vendedor de Shopdeck con este número, que ya tiene una. Si has sido tú, inicia sesión o restablece tu contraseña.
signup-taken-email =
    Alguien ha intentado abrir una cuenta de vendedor de Shopdeck con este correo electrónico, que ya tiene una.

    Si has sido tú, inicia sesión o restablece tu contraseña. Si no, puedes ignorar este mensaje.

reset-subject = Restablece tu contraseña de Shopdeck
reset-email =
    Tu código para restablecer la contraseña de Shopdeck es { $code }.

    Caduca en { $minutes } minutos. Si no has solicitado restablecer tu contraseña, ignora este mensaje; tu contraseña seguirá igual.

password-changed-subject = Se ha cambiado tu contraseña de Shopdeck
password-changed-email =
    Se acaba de cambiar la contraseña de tu cuenta de Shopdeck y se han cerrado todas las sesiones.

    Si no has sido tú, restablece tu contraseña de inmediato y ponte en contacto con el servicio de asistencia.

buyer-signup-taken-subject = Alguien ha intentado abrir una cuenta de Shopdeck con tus datos
buyer-signup-taken-sms = Shopdeck: alguien ha intentado abrir una cuenta de compras con este número, que ya tiene una. Si has sido tú, simplemente inicia sesión. Si no, ignora este mensaje.
buyer-signup-taken-email =
    Alguien ha intentado abrir una cuenta de compras de Shopdeck con este correo electrónico, que ya tiene una.

    Si has sido tú, simplemente inicia sesión. Si no, puedes ignorar este mensaje: nadie puede usar tu cuenta sin tu contraseña.

review-approved-subject = Tu tienda está aprobada
review-approved-email =
    Buenas noticias: tu tienda ha superado la revisión y está aprobada en Shopdeck.

    Ya puedes publicar productos y recibir pedidos.
review-rejected-subject = Tu tienda necesita cambios antes de ser aprobada
review-rejected-email =
    Tu tienda aún no ha superado la revisión, por estos motivos:

    { $reasons }

    Corrige tu perfil en el Centro de vendedores y vuelve a enviarlo.
review-suspended-subject = Tu tienda está suspendida
review-suspended-email =
    Tu tienda se ha suspendido por este motivo:

    { $reasons }

    Tus productos no están a la venta mientras esté suspendida. Ponte en contacto con el servicio de asistencia desde el Centro de ayuda.
review-reinstated-subject = Tu tienda se ha reactivado
review-reinstated-email =
    Tu tienda se ha reactivado y puede volver a vender.

invite-subject = Te han invitado a unirte a { $shop } en Shopdeck
invite-email =
    Te han invitado a trabajar en la tienda { $shop } en el Centro de vendedores de Shopdeck.

    Acepta la invitación en un plazo de { $hours } horas: { $link }

    Si no esperabas esta invitación, ignora este mensaje.
