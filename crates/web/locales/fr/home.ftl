# Seller home: to-dos with their counts (plural by $n), the finished set-up, shop health

todo-to-ship = { $n ->
    [one] { $n } commande à expédier
   *[other] { $n } commandes à expédier
}
todo-unpaid = { $n ->
    [one] { $n } commande en attente de paiement
   *[other] { $n } commandes en attente de paiement
}
todo-due-soon = { $n ->
    [one] { $n } commande à expédier sous 24 heures ou déjà en retard
   *[other] { $n } commandes à expédier sous 24 heures ou déjà en retard
}
todo-cancellations = { $n ->
    [one] { $n } demande d’annulation à traiter
   *[other] { $n } demandes d’annulation à traiter
}
todo-returns-respond = { $n ->
    [one] { $n } demande de retour à traiter
   *[other] { $n } demandes de retour à traiter
}
todo-returns-receive = { $n ->
    [one] { $n } colis retourné à vérifier
   *[other] { $n } colis retournés à vérifier
}
todo-out-of-stock = { $n ->
    [one] { $n } variante en rupture de stock
   *[other] { $n } variantes en rupture de stock
}
todo-low-stock = { $n ->
    [one] { $n } variante en stock faible
   *[other] { $n } variantes en stock faible
}
todo-failed = { $n ->
    [one] { $n } produit refusé
   *[other] { $n } produits refusés
}
home-setup-done = Configuration de la boutique : terminée
home-setup-open = Configuration de la boutique

health-not-enough-data = Pas encore assez de données
health-min-orders = { $n ->
    [one] Un taux reçoit un niveau dès qu’au moins { $n } commande y est comptée.
   *[other] Un taux reçoit un niveau dès qu’au moins { $n } commandes y sont comptées.
}

# Sign-up: the name the seller goes by
signup-display-name = Votre nom
signup-display-name-hint = Le nom sous lequel nous vous accueillons et que voit votre équipe. 60 caractères au plus.
