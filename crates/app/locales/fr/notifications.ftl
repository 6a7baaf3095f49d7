# Notifications sur les produits, commandes, annulations, retours et remboursements (français).

ntf-product-approved = Votre produit « { $product } » a été validé et est en vente.
ntf-product-failed = Votre produit « { $product } » n’a pas été validé : consultez les raisons et corrigez-le.
ntf-product-deactivated = Votre produit « { $product } » a été désactivé par Shopdeck : consultez les raisons.
ntf-order-paid = Nouvelle commande payée { $order } ({ $amount }) : préparez l’expédition.
ntf-cancellation-requested = L’acheteur demande l’annulation de la commande { $order } : répondez avant l’échéance.
ntf-return-requested = L’acheteur demande un retour ou un remboursement pour la commande { $order }.
ntf-dispute-opened = L’acheteur conteste votre réponse au retour de la commande { $order } ; Shopdeck va trancher.
ntf-dispute-decided = { $outcome ->
    [buyer] Shopdeck a tranché le litige de la commande { $order } en faveur de l’acheteur : le remboursement est effectué.
   *[seller] Shopdeck a tranché le litige de la commande { $order } en faveur du vendeur : le retour est clos.
}
ntf-payment-confirmed = Votre paiement pour la commande { $order } est confirmé.
ntf-order-shipped = Votre commande { $order } a été expédiée.
ntf-order-delivered = Votre commande { $order } a été livrée.
ntf-order-cancelled = Votre commande { $order } a été annulée.
ntf-cancellation-rejected = La boutique a refusé d’annuler la commande { $order } ; elle sera expédiée.
ntf-return-approved = Votre demande de retour pour la commande { $order } a été acceptée.
ntf-return-rejected = Votre demande de retour pour la commande { $order } a été refusée ; vous pouvez la contester.
ntf-refunded = { $amount } ont été remboursés pour la commande { $order }.
ntf-email-open = Ouvrir dans Shopdeck : { $link }
ntf-email-settings = Choisissez les notifications que vous recevez par e-mail : { $settings }
ntf-sms = Shopdeck : { $title } { $link }
