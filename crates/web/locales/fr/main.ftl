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

## Sign-up
signup-title = Devenir vendeur sur Shopdeck
signup-intro = Ouvrez votre boutique en quelques minutes. Munissez-vous de votre téléphone et de votre adresse e-mail.
signup-portal = Portail vendeurs
portal-asia = Asie
portal-europe = Europe
portal-americas = Amériques
signup-country = Pays ou région de votre entreprise
signup-country-hint = Il détermine la devise et le fuseau horaire de votre boutique.
signup-phone = Numéro de téléphone mobile
signup-phone-hint = Nous vous enverrons un code à 6 chiffres par SMS.
signup-continue = Continuer
signup-verify-phone-title = Vérifiez votre numéro de téléphone
signup-verify-email-title = Vérifiez votre adresse e-mail
signup-code-sent = Un code à 6 chiffres a été envoyé à { $target }. Il expire dans 10 minutes.
signup-code = Code de vérification
signup-verify = Vérifier
signup-resend = Envoyer un nouveau code
signup-resent = Un nouveau code vous a été envoyé.
signup-account-title = Votre adresse e-mail et votre mot de passe
signup-email = Adresse e-mail
signup-password = Mot de passe
signup-password-hint = Au moins 10 caractères. Évitez les mots de passe courants.
signup-change-email = Utiliser une autre adresse e-mail
signup-expired = Cette inscription a expiré. Veuillez recommencer.
signup-have-account = Déjà vendeur ?
signup-log-in = Se connecter
signup-step = Étape { $step } sur 4

## Password reset
login-forgot = Mot de passe oublié ?
reset-title = Réinitialiser votre mot de passe
reset-intro = Saisissez l’adresse e-mail de votre compte. Si un compte y est associé, nous y enverrons un code.
reset-email = Adresse e-mail
reset-send = Envoyer le code
reset-confirm-title = Choisissez un nouveau mot de passe
reset-code = Code reçu par e-mail
reset-new-password = Nouveau mot de passe
reset-save = Enregistrer le nouveau mot de passe
reset-sent = Si un compte est associé à cette adresse, un code vous a été envoyé. Il expire dans 10 minutes.
reset-done = Votre mot de passe a été modifié. Connectez-vous avec le nouveau.

## More field errors
error-email-invalid = Saisissez une adresse e-mail valide.
error-phone-invalid = Saisissez un numéro de mobile valide pour ce pays.
error-portal-invalid = Choisissez un portail vendeurs.
error-country-invalid = Choisissez un pays.
error-country-not-in-portal = Ce pays relève d’un autre portail vendeurs.
error-password-too-short = Utilisez au moins 10 caractères.
error-password-too-long = Utilisez 128 caractères au maximum.
error-password-too-common = Ce mot de passe est trop courant. Choisissez-en un autre.
error-code-wrong = Ce code est incorrect. Vérifiez-le et réessayez.
error-code-expired = Ce code a expiré. Demandez-en un nouveau.
error-code-locked = Trop de tentatives erronées. Demandez un nouveau code.
error-code-used = Ce code a déjà été utilisé. Demandez-en un nouveau.
error-code-missing = Demandez un nouveau code.
error-rate-limited = Trop de tentatives. Réessayez dans { $seconds } secondes.
error-conflict = Action impossible pour le moment : { $detail }

## Operator console: outbox
ops-nav-outbox = Boîte d’envoi
ops-outbox-intro = Messages envoyés ou en cours d’envoi par Shopdeck. Avec les fournisseurs de développement, c’est ici qu’arrivent les codes et les notifications.
ops-outbox-to = Destinataire
ops-outbox-channel = Canal
ops-outbox-message = Message
ops-outbox-status = Statut
ops-outbox-time = Heure
ops-outbox-empty = Aucun message pour le moment.
