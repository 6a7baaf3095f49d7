# Messages envoyés par Shopdeck par SMS et par e-mail, français (fr).

code-subject = Votre code de vérification Shopdeck
code-sms = Code Shopdeck : { $code }. Il expire dans { $minutes } minutes. Ne le communiquez à personne.
code-email =
    Votre code de vérification Shopdeck est { $code }.

    Il expire dans { $minutes } minutes. Si vous ne l’avez pas demandé, ignorez ce message : personne ne peut utiliser votre adresse sans ce code.

signup-taken-subject = Quelqu’un a tenté de s’inscrire avec vos coordonnées
signup-taken-sms = Shopdeck : quelqu’un a tenté d’ouvrir un compte vendeur avec ce numéro, qui en a déjà un. Si c’était vous, connectez-vous ou réinitialisez votre mot de passe.
signup-taken-email =
    Quelqu’un a tenté d’ouvrir un compte vendeur Shopdeck avec cette adresse e-mail, qui est déjà associée à un compte.

    Si c’était vous, connectez-vous ou réinitialisez votre mot de passe. Sinon, vous pouvez ignorer ce message.

reset-subject = Réinitialisez votre mot de passe Shopdeck
reset-email =
    Votre code pour réinitialiser votre mot de passe Shopdeck est { $code }.

    Il expire dans { $minutes } minutes. Si vous n’avez pas demandé la réinitialisation de votre mot de passe, ignorez ce message : votre mot de passe reste inchangé.

password-changed-subject = Votre mot de passe Shopdeck a été modifié
password-changed-email =
    Le mot de passe de votre compte Shopdeck vient d’être modifié, et toutes les sessions ont été déconnectées.

    Si vous n’êtes pas à l’origine de ce changement, réinitialisez immédiatement votre mot de passe et contactez l’assistance.

buyer-signup-taken-subject = Quelqu’un a tenté d’ouvrir un compte Shopdeck avec vos coordonnées
buyer-signup-taken-sms = Shopdeck : quelqu’un a tenté d’ouvrir un compte client avec ce numéro, qui en a déjà un. Si c’était vous, connectez-vous simplement. Sinon, ignorez ce message.
buyer-signup-taken-email =
    Quelqu’un a tenté d’ouvrir un compte client Shopdeck avec cette adresse e-mail, qui est déjà associée à un compte.

    Si c’était vous, connectez-vous simplement. Sinon, vous pouvez ignorer ce message : personne ne peut utiliser votre compte sans votre mot de passe.

review-approved-subject = Votre boutique est approuvée
review-approved-email =
    Bonne nouvelle : votre boutique a passé l’examen et est approuvée sur Shopdeck.

    Vous pouvez désormais publier des produits et recevoir des commandes.
review-rejected-subject = Votre boutique doit être modifiée avant d’être approuvée
review-rejected-email =
    Votre boutique n’a pas encore été validée, pour les raisons suivantes :

    { $reasons }

    Corrigez votre profil dans le Centre vendeurs et soumettez-le à nouveau.
review-suspended-subject = Votre boutique est suspendue
review-suspended-email =
    Votre boutique a été suspendue pour le motif suivant :

    { $reasons }

    Vos produits ne sont pas en vente tant qu’elle est suspendue. Contactez l’assistance depuis le Centre d’aide.
review-reinstated-subject = Votre boutique est rétablie
review-reinstated-email =
    Votre boutique a été rétablie et peut de nouveau vendre.

invite-subject = Invitation à rejoindre { $shop } sur Shopdeck
invite-email =
    Vous avez reçu une invitation à travailler dans la boutique { $shop } sur le Centre vendeurs Shopdeck.

    Acceptez-la dans les { $hours } heures : { $link }

    Si vous ne vous attendiez pas à cette invitation, ignorez ce message.
