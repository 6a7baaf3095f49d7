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

## Shop profile and onboarding
edit = Modifier
save = Enregistrer
shop-unnamed = Votre nouvelle boutique
account-owner-only = Seul le propriétaire de la boutique peut consulter et modifier ces informations.
checklist-title = Préparez-vous à vendre
checklist-done = terminé
checklist-phone_verified = Numéro de téléphone vérifié
checklist-email_verified = Adresse e-mail vérifiée
checklist-profile_complete = Informations sur l’entreprise
checklist-warehouse_address = Adresse de l’entrepôt (enlèvement)
checklist-return_address = Adresse de retour
checklist-bank_account = Compte bancaire pour les versements
checklist-documents_submitted = Documents de l’entreprise
checklist-platform_approval = Validation par Shopdeck
checklist-reason-verify_phone = Vérifiez votre numéro de téléphone
checklist-reason-verify_email = Vérifiez votre adresse e-mail
checklist-reason-fill_profile = Renseignez les informations sur votre entreprise
checklist-reason-add_warehouse = Ajoutez l’adresse où les colis sont enlevés
checklist-reason-add_return_address = Ajoutez l’adresse où les retours sont envoyés
checklist-reason-add_bank_account = Ajoutez le compte sur lequel nous vous payons
checklist-reason-upload_documents = Importez une licence commerciale ou une pièce d’identité
checklist-reason-not_submitted = Soumettez votre boutique pour validation une fois toutes les étapes ci-dessus terminées
checklist-reason-under_review = En cours d’examen : nous répondons généralement sous 2 jours ouvrés
checklist-reason-rejected = Boutique non approuvée : corrigez les points ci-dessous et soumettez-la à nouveau
checklist-reason-suspended = Boutique suspendue
checklist-submit = Soumettre pour validation
checklist-under-review = Votre boutique est en cours d’examen. Vous pouvez préparer vos produits en attendant : rien ne sera mis en ligne avant sa validation.
checklist-rejected = Votre boutique n’a pas encore été approuvée. Commentaire de l’examinateur :
checklist-suspended = Votre boutique est suspendue. Motif indiqué :
profile-title = Informations sur l’entreprise
profile-store-name = Nom de la boutique
profile-store-name-hint = Le nom que voient les acheteurs. De 3 à 50 caractères, unique sur Shopdeck.
profile-business-type = Type d’activité
business-type-INDIVIDUAL = Particulier
business-type-SOLE_PROPRIETOR = Entrepreneur individuel
business-type-COMPANY = Société
profile-legal-name = Nom légal ou raison sociale
profile-registration-number = Numéro d’immatriculation
profile-registration-hint = Tel qu’il figure sur votre certificat d’immatriculation. Non requis pour les particuliers.
profile-contact-name = Personne à contacter
profile-time-zone = Fuseau horaire
address-warehouse = Adresse de l’entrepôt (enlèvement)
address-return = Adresse de retour
address-contact-name = Nom du contact
address-phone = Numéro de téléphone
address-line1 = Adresse
address-line2 = Appartement, bâtiment, étage (facultatif)
address-city = Ville
address-region = État, province ou région (facultatif)
address-postal-code = Code postal
bank-title = Compte bancaire pour les versements
bank-intro = Les versements sont effectués sur un compte situé dans le pays de votre boutique, dans sa devise. Nous n’affichons que les quatre derniers chiffres.
bank-current = Compte actuel :
bank-account_holder = Nom du titulaire du compte
bank-iban = IBAN
bank-swift_bic = Code SWIFT/BIC
bank-routing_number = Numéro de routage (ABA)
bank-account_number = Numéro de compte
bank-sort_code = Sort code
bank-bank_code = Code banque
bank-branch_code = Code guichet
bank-account_type = Type de compte
documents-title = Documents de l’entreprise
documents-none = Aucun document pour le moment.
documents-kind = De quel document s’agit-il ?
documents-file = Fichier
documents-hint = PDF, JPEG ou PNG, 10 Mo maximum.
documents-upload = Importer
document-kind-BUSINESS_LICENSE = Licence commerciale ou certificat d’immatriculation
document-kind-IDENTITY = Pièce d’identité
document-kind-OTHER = Autre
error-store-name-length = Le nom d’une boutique doit comporter de 3 à 50 caractères.
error-store-name-taken = Une autre boutique utilise déjà ce nom.
error-time-zone-invalid = Choisissez un fuseau horaire dans la liste.
error-document-invalid = Importez un fichier PDF, JPEG ou PNG de 10 Mo maximum.
error-document-kind-invalid = Indiquez de quel document il s’agit.
error-bank-checksum = Les chiffres de contrôle ne correspondent pas : vérifiez qu’il n’y a pas de faute de frappe.

## Operator console: seller review
ops-review-tabs = Boutiques par statut
ops-review-empty = Aucune boutique ici.
ops-review-country = Pays
ops-review-since = Inscription
ops-review-decision = Décision
ops-review-approve = Approuver
ops-review-reject = Refuser
ops-review-suspend = Suspendre
ops-review-reinstate = Rétablir
ops-review-reasons = Motifs communiqués au vendeur
ops-review-reasons-hint = Un par ligne. Le vendeur les voit tels que vous les écrivez.
ops-review-history = Historique de validation

## Team, roles, tokens and audit log
switch-shop = Changer de boutique
section-forbidden = Votre rôle ne donne pas accès à cette partie du Centre vendeurs. Demandez l’accès au propriétaire de la boutique.
team-title = Équipe
team-members = Membres
team-name = Nom
team-role = Rôle
team-actions = Actions
team-remove = Retirer
team-invite = Inviter une personne
team-invite-hint = La personne invitée recevra un e-mail contenant un lien valable 120 heures.
team-send-invite = Envoyer l’invitation
team-invited = L’invitation a été envoyée.
team-invitations = Invitations
invitation-pending = en attente
invitation-accepted = acceptée
invitation-revoked = retirée
invitation-expired = expirée
invitation-revoke = Retirer
invitation-title = Rejoindre { $shop } sur Shopdeck
invitation-for = Cette invitation est destinée à { $email }.
invitation-accept = Accepter l’invitation
invitation-log-in = Connectez-vous avec cette adresse e-mail pour accepter l’invitation.
invitation-create-account = Créez votre compte pour accepter l’invitation.
role-OWNER = Propriétaire
role-ADMIN = Administrateur
role-PRODUCT_MANAGER = Gestionnaire produits
role-ORDER_FULFILMENT = Commandes et expédition
role-CUSTOMER_SERVICE = Service client
role-MARKETING = Marketing
role-FINANCE = Finances
role-ANALYST = Analyste
roles-title = Rôles
roles-existing = Les rôles et leurs droits
roles-area = Section
roles-new = Nouveau rôle personnalisé
roles-name = Nom du rôle
roles-create = Créer le rôle
roles-delete = Supprimer
area-products = Produits
area-orders = Commandes
area-shipping = Expédition
area-returns = Retours
area-promotions = Promotions
area-finance = Finances
area-analytics = Data Compass
area-help_center = Centre d’aide
access-none = Aucun accès
access-view = Consultation
access-edit = Consultation et modification
tokens-title = Jetons d’API
tokens-none = Aucun jeton pour le moment.
tokens-new = Nouveau jeton d’API
tokens-name = Nom du jeton
tokens-scopes-hint = Nommez-le d’après ce qui l’utilisera. Choisissez ce qu’il peut lire (consultation) ou modifier (modification). Un jeton n’agit jamais en tant que propriétaire.
tokens-create = Créer le jeton
tokens-created = Copiez ce jeton maintenant. Il ne sera plus affiché.
tokens-last-used = dernière utilisation
tokens-revoked = révoqué
tokens-revoke = Révoquer
audit-title = Journal d’audit
audit-filter = Afficher
audit-all = Tout
audit-apply = Appliquer
audit-empty = Aucune entrée pour le moment.
audit-who = Qui
audit-what = Quoi
audit-where = Provenance
audit-older = Entrées plus anciennes
audit-group-session = Connexions
audit-group-account = Comptes
audit-group-profile = Profil de la boutique
audit-group-review = Validation
audit-group-staff = Équipe et rôles
audit-group-token = Jetons d’API
error-role-invalid = Choisissez un rôle.
error-already-member = Cette personne fait déjà partie de l’équipe.
error-role-name-length = Le nom d’un rôle doit comporter de 2 à 40 caractères.
error-role-name-taken = La boutique a déjà un rôle portant ce nom.
error-invitation-other-email = Cette invitation est destinée à une autre adresse e-mail. Connectez-vous avec cette adresse.
error-has-account = Un compte existe déjà avec cette adresse e-mail. Connectez-vous pour accepter l’invitation.

## Two-factor authentication
twofactor-title = Sécurité
twofactor-intro = Avec la double authentification, un code provenant d’une application d’authentification (comme Google Authenticator, Microsoft Authenticator ou 1Password) vous est demandé après votre mot de passe.
twofactor-on = La double authentification est activée.
twofactor-enable = Activer la double authentification
twofactor-scan = Scannez ce code avec votre application d’authentification, puis saisissez le code à 6 chiffres qu’elle affiche.
twofactor-qr = QR code pour votre application d’authentification
twofactor-manual = Ou saisissez cette clé dans l’application :
twofactor-confirm = Activer
twofactor-disable = Désactiver (saisissez un code actuel)
twofactor-login-title = Saisissez votre code
twofactor-login-intro = Ouvrez votre application d’authentification et saisissez le code à 6 chiffres pour Shopdeck.

## Operator console: categories
ops-nav-categories = Catégories
ops-categories-intro = L’arborescence des catégories de la plateforme. Les produits sont classés dans le dernier niveau (les feuilles). Les attributs définis sur une catégorie s’appliquent à tout ce qui se trouve en dessous.
ops-category-names = Noms
ops-category-attributes = Attributs
ops-category-attributes-hint = Saisissez des clés de la bibliothèque, séparées par des virgules. Ajoutez un ! aux attributs obligatoires et un * à ceux qui distinguent les SKU d’un produit (couleur, taille…), p. ex. brand!, color*, size!*.
ops-category-declared = Attributs définis sur cette catégorie
ops-category-effective = Attributs demandés aux produits de cette catégorie
ops-attr-required = obligatoire
ops-attr-sales = varie selon le SKU
ops-attr-library = Bibliothèque d’attributs
ops-category-add-child = Ajouter une sous-catégorie
ops-category-slug = Identifiant d’URL (lettres minuscules, chiffres, traits d’union)
ops-category-name-en = Nom en anglais
ops-category-create = Ajouter
error-slug-invalid = Utilisez uniquement des lettres minuscules, des chiffres et des traits d’union.
error-slug-taken = Une autre catégorie utilise déjà cet identifiant.
error-attribute-invalid = Utilisez des clés de la bibliothèque d’attributs, chacune une seule fois.
