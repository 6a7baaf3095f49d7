# Les mots fixes des étiquettes d'expédition, bons de livraison et listes de préparation (français).

print-sandbox = Bac à sable — pas un envoi réel
print-ship-to = DESTINATAIRE
print-from = EXPÉDITEUR
print-phone = Tél. : { $phone }
print-package-id = Colis : { $id }
print-order-id = Commande : { $id }
print-order-ids = Commandes ({ $count }) : { $ids }
print-weight = Poids : { $weight }
print-packing-slip = BON DE LIVRAISON
print-order-id-heading = Commande :
print-order-date = Date de commande :
print-product = Produit
print-variant = Variante
print-seller-sku = SKU vendeur
print-qty = Qté
print-orders = Commandes
print-total-items = Total des articles : { $count }
print-pick-list = Liste de préparation
print-generated = Générée le :
print-orders-heading = Commandes :
print-skus-heading = SKU :
print-total-quantity = Quantité totale : { $count }
print-page = Page { $page } sur { $pages }
