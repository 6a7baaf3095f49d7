## Boîte de notifications (vendeurs et acheteurs), ses réglages, et la recherche de la boîte d’envoi

ntf-title = Notifications
ntf-header-unread = { $n ->
    [0] Notifications : aucune non lue
    [one] Notifications : 1 non lue
   *[other] Notifications : { $n } non lues
}
ntf-unread = Nouveau
ntf-mark-read = Marquer comme lue
ntf-mark-all-read = Tout marquer comme lu
ntf-empty-seller = Aucune notification pour l’instant. Les nouvelles de vos produits, commandes, annulations et retours apparaîtront ici.
ntf-empty-buyer = Aucune notification pour l’instant. Les nouvelles de vos commandes, annulations, retours et remboursements apparaîtront ici.
ntf-older = Notifications plus anciennes
ntf-back = Retour aux notifications
ntf-settings = Réglages des notifications
ntf-settings-intro-seller = Choisissez ce dont vous êtes informé, dans Shopdeck et par e-mail. Vous n’êtes informé que des domaines que votre rôle vous permet de voir.
ntf-settings-intro-buyer = Choisissez ce dont vous êtes informé, dans Shopdeck et par e-mail (ou par SMS si votre compte n’a qu’un numéro de téléphone).
ntf-col-kind = Notification
ntf-col-in-app = Dans Shopdeck
ntf-col-email = Par e-mail ou SMS
ntf-language = Langue des e-mails et SMS
ntf-save = Enregistrer les réglages
ntf-saved = Vos réglages de notifications sont enregistrés.
ntf-kind-product-approved = Produit validé
ntf-kind-product-failed = Produit refusé à la vérification
ntf-kind-product-deactivated = Produit désactivé
ntf-kind-order-paid = Nouvelle commande payée
ntf-kind-cancellation-requested = Annulation demandée
ntf-kind-return-requested = Retour ou remboursement demandé
ntf-kind-dispute-opened = Retour contesté
ntf-kind-dispute-decided = Litige tranché
ntf-kind-payment-confirmed = Paiement confirmé
ntf-kind-order-shipped = Commande expédiée
ntf-kind-order-delivered = Commande livrée
ntf-kind-order-cancelled = Commande annulée
ntf-kind-cancellation-rejected = Annulation refusée
ntf-kind-return-approved = Retour accepté
ntf-kind-return-rejected = Retour refusé
ntf-kind-refunded = Remboursement effectué
ntf-kind-code = Code de vérification
ntf-kind-reset = Code de réinitialisation du mot de passe
ntf-kind-signup-taken = Inscription vendeur avec des coordonnées déjà utilisées
ntf-kind-buyer-signup-taken = Inscription acheteur avec des coordonnées déjà utilisées
ntf-kind-password-changed = Mot de passe modifié
ntf-kind-invite = Invitation dans l’équipe
ntf-kind-review-approved = Boutique validée
ntf-kind-review-rejected = Boutique à corriger
ntf-kind-review-suspended = Boutique suspendue
ntf-kind-review-reinstated = Boutique rétablie
ntf-kind-low-stock = Stock faible ou épuisé
ntf-kind-ship-reminder = Rappel d’expédition
ntf-outbox-recipient = Destinataire (e-mail ou téléphone, ou une partie)
ntf-outbox-kind = Type
ntf-outbox-any-kind = Tous les types
ntf-outbox-search = Rechercher
ntf-outbox-older = Messages plus anciens
ntf-outbox-none-found = Aucun message ne correspond à cette recherche.
