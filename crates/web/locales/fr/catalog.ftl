# Le catalogue : contrôles du formulaire produit, carte de qualité de l'annonce, pages des boutiques de démonstration.

cat-sku-remove-row = Retirer
cat-form-attribute-required = Choisissez : { $attribute }. Cette catégorie l'exige.
cat-form-description-required = Décrivez le produit avant de l'envoyer en vérification.
cat-quality-scale = Bonne : toutes les règles ci-dessous sont respectées. Correcte : une ou deux ne le sont pas. Faible : trois ou plus ne le sont pas, ou l'annonce échoue aux contrôles automatiques. Une vidéo est un bonus et ne change pas la note.
cat-quality-missed = { $n ->
    [0] Aucune règle manquée.
    [one] { $n } règle manquée.
   *[other] { $n } règles manquées.
}
cat-rule-met = Respectée
cat-rule-missed = Manquée
cat-rule-checks = Les contrôles automatiques passent : titre, description, images, attributs obligatoires et prix.
cat-rule-description-short = Une description d'au moins 300 caractères (150 en chinois ou en japonais).
cat-rule-description-points = Au moins 3 points forts, sous forme de liste.
cat-rule-images-few = Au moins 5 images.
cat-rule-images-small = Chaque image d'au moins 600 × 600 px.
cat-rule-attributes-incomplete = Tous les attributs facultatifs de la catégorie remplis.
cat-rule-brand-missing = La marque indiquée (ou « Sans marque »).
cat-rule-gtin-missing = Un code-barres (GTIN, EAN ou UPC) sur les SKU.
cat-rule-package-missing = Le poids et les dimensions du colis.
cat-rule-video-missing = Une vidéo du produit (un bonus).
cat-finding-description-short = Écrivez au moins 300 caractères (150 en chinois ou en japonais) : ce qu'est le produit, sa matière, ses tailles et son entretien.
cat-finding-description-points = Listez 3 à 5 points forts, un par ligne commençant par « - ».
cat-shop-logo = Logo de { $shop }
cat-shop-title = Page de la boutique
cat-shop-hint = Ce que les acheteurs voient en haut de la page de votre boutique : un logo, une bannière et quelques mots sur la boutique.
cat-shop-logo-field = Logo (carré, au moins 300 × 300 px)
cat-shop-banner-field = Bannière (large, au moins 1200 × 300 px)
cat-shop-description-field = À propos de la boutique
cat-shop-description-hint = { $n } caractères au plus, avec vos mots.
cat-shop-save = Enregistrer la page de la boutique
cat-shop-saved = La page de la boutique est enregistrée.
