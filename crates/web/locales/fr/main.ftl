# Textes de l’interface de Shopdeck, français (fr).
# Mêmes identifiants que en/main.ftl.

app-name = Shopdeck
skip-to-content = Aller au contenu
language = Langue
footer-text = Shopdeck — le centre vendeurs open source du commerce social.
menu = Menu

## Seller Center navigation
seller-center = Centre vendeurs
nav-home = Accueil
nav-products = Produits
nav-orders = Commandes
nav-shipping = Expédition
nav-returns = Retours
nav-promotions = Promotions
nav-finance = Finances
nav-analytics = Data Compass
nav-help = Centre d’aide
nav-account = Compte et utilisateurs

## Operator console navigation
ops-console = Console opérateur
ops-nav-home = Vue d’ensemble
ops-nav-sellers = Validation des vendeurs
ops-nav-products = Validation des produits
ops-nav-tickets = Tickets
ops-nav-campaigns = Campagnes
ops-nav-jobs = Tâches en arrière-plan

## Sections that are not built yet
not-ready-title = Bientôt disponible
not-ready-body = La section « { $section } » n’est pas encore disponible dans cette version de Shopdeck.
not-ready-back = Retour à l’accueil

## Log-in
login-title-seller = Se connecter au Centre vendeurs
login-title-ops = Se connecter à la console opérateur
login-intro = Gérez vos produits, commandes, expéditions et versements au même endroit.
login-field-login = Adresse e-mail ou numéro de téléphone
login-field-password = Mot de passe
login-submit = Se connecter
login-error-bad-credentials = L’identifiant ou le mot de passe est incorrect.
login-new-seller = Vous découvrez Shopdeck ?
login-sign-up = Devenir vendeur
logout = Se déconnecter
signed-in-as = Connecté en tant que { $name }

## Field errors
error-required = Ce champ est obligatoire.

## Seller home
seller-home-welcome = Bienvenue, { $name }
seller-home-shop = { $shop } · { $country } · { $currency }
seller-status = Statut : { $status }
seller-status-REGISTERED = Inscrit
seller-status-PENDING_REVIEW = En cours d’examen
seller-status-APPROVED = Approuvé
seller-status-REJECTED = Refusé
seller-status-SUSPENDED = Suspendu
seller-no-shop = Ce compte n’est encore rattaché à aucune boutique.
seller-todo-title = À faire
seller-todo-empty = Rien ne requiert votre attention pour le moment.

## Storefront
store-tagline = Achetez auprès de vendeurs indépendants, directement depuis leurs vidéos et leurs lives.
store-search-label = Rechercher des produits
store-search-placeholder = Que recherchez-vous ?
store-search-submit = Rechercher
store-categories = Catégories
store-shops = Boutiques
store-cart = Panier
store-cart-empty = Votre panier est vide.
store-no-products = Aucun produit pour le moment.
store-sell-link = Vendre sur Shopdeck
store-shop-country = Pays d’expédition : { $country }
store-search-results = Résultats pour « { $query } »

## Operator console
ops-home-title = Vue d’ensemble de la plateforme
ops-stat-users = Utilisateurs
ops-stat-sellers = Boutiques
ops-stat-jobs = Tâches en arrière-plan
ops-jobs-status = Statut
ops-jobs-count = Nombre
ops-not-operator = Ce compte n’est pas un opérateur de la plateforme.

## Errors
error-404-title = Page introuvable
error-404-body = La page demandée n’existe pas ou a été déplacée.
error-500-title = Une erreur s’est produite
error-500-body = Nous n’avons pas pu traiter votre demande. Veuillez réessayer dans un instant.
error-csrf = Ce formulaire a expiré. Rechargez la page et réessayez.
error-unavailable = Shopdeck ne parvient pas à joindre sa base de données pour le moment. Veuillez réessayer dans un instant.
