<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
  <context>
    <name>AdminPinScreen</name>
    <message>
      <source>Administration</source>
      <translation>Administration</translation>
    </message>
    <message>
      <source>Enter the administrator PIN.</source>
      <translation>Saisissez le code PIN administrateur.</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>Code PIN</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Déverrouiller</translation>
    </message>
    <message>
      <source>Or sign in with your name and password:</source>
      <translation>Ou connectez-vous avec votre nom et votre mot de passe :</translation>
    </message>
    <message>
      <source>Sign in with your name and password:</source>
      <translation>Connectez-vous avec votre nom et votre mot de passe :</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Mot de passe</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Se connecter</translation>
    </message>
  </context>
  <context>
    <name>AdminScreen</name>
    <message>
      <source>Administration</source>
      <translation>Administration</translation>
    </message>
    <message>
      <source>Lock and go back</source>
      <translation>Verrouiller et revenir</translation>
    </message>
    <message>
      <source>Users and roles</source>
      <translation>Utilisateurs et rôles</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>%1 (%2): %3</source>
      <translation>%1 (%2) : %3</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>désactivé</translation>
    </message>
    <message>
      <source>Audit trail, newest first</source>
      <translation>Journal d'audit, le plus récent d'abord</translation>
    </message>
    <message>
      <source>%1 · %2 · %3 · %4</source>
      <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
      <source>Station PIN (4 to 12 digits)</source>
      <translation>Code PIN du poste (4 à 12 chiffres)</translation>
    </message>
    <message>
      <source>New PIN</source>
      <translation>Nouveau code PIN</translation>
    </message>
    <message>
      <source>Save PIN</source>
      <translation>Enregistrer le code</translation>
    </message>
    <message>
      <source>Station settings</source>
      <translation>Réglages du poste</translation>
    </message>
    <message>
      <source>Institution, defaults, languages, PACS</source>
      <translation>Établissement, valeurs par défaut, langues, PACS</translation>
    </message>
  </context>
  <context>
    <name>BurnConfirmScreen</name>
    <message>
      <source>Is this the right patient?</source>
      <translation>Est-ce le bon patient ?</translation>
    </message>
    <message>
      <source>Patient shown on the disc after it is read</source>
      <translation>Le patient sera affiché après la lecture</translation>
    </message>
    <message>
      <source>Patient: %1</source>
      <translation>Patient : %1</translation>
    </message>
    <message>
      <source>Born %1</source>
      <translation>Né(e) le %1</translation>
    </message>
    <message numerus="yes">
      <source>%n copy/copies on %1</source>
      <translation>
        <numerusform>%n copie sur %1</numerusform>
        <numerusform>%n copies sur %1</numerusform>
      </translation>
    </message>
    <message>
      <source>CD</source>
      <translation>CD</translation>
    </message>
    <message>
      <source>DVD</source>
      <translation>DVD</translation>
    </message>
    <message>
      <source>USB stick</source>
      <translation>Clé USB</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>Robot de gravure</translation>
    </message>
    <message>
      <source>No, go back</source>
      <translation>Non, revenir</translation>
    </message>
    <message>
      <source>Yes, make the disc</source>
      <translation>Oui, créer le disque</translation>
    </message>
    <message>
      <source>Protected with a password: it is shown once, on the next screen.</source>
      <translation>Protégé par un mot de passe : il est affiché une seule fois, à l'écran suivant.</translation>
    </message>
  </context>
  <context>
    <name>BurnFindScreen</name>
    <message>
      <source>Which study?</source>
      <translation>Quel examen ?</translation>
    </message>
    <message>
      <source>Patient name or ID</source>
      <translation>Nom ou identifiant du patient</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Rechercher</translation>
    </message>
    <message>
      <source>The local store cannot be searched on this station yet. Use a folder below.</source>
      <translation>La recherche dans le stockage local n'est pas encore possible sur ce poste. Choisissez un dossier ci-dessous.</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>Aucun examen trouvé.</translation>
    </message>
    <message numerus="yes">
      <source>%1, %2, %n image(s)</source>
      <translation>
        <numerusform>%1, %2, %n image</numerusform>
        <numerusform>%1, %2, %n images</numerusform>
      </translation>
    </message>
    <message>
      <source>Study</source>
      <translation>Examen</translation>
    </message>
    <message>
      <source>Or burn a folder of DICOM files</source>
      <translation>Ou graver un dossier de fichiers DICOM</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Dossier</translation>
    </message>
    <message>
      <source>Use this folder</source>
      <translation>Utiliser ce dossier</translation>
    </message>
    <message>
      <source>still arriving</source>
      <translation>réception en cours</translation>
    </message>
    <message>
      <source>This station</source>
      <translation>Ce poste</translation>
    </message>
    <message>
      <source>Study date, e.g. 2026-12-01</source>
      <translation>Date de l'examen, p. ex. 2026-12-01</translation>
    </message>
    <message>
      <source>Accession number</source>
      <translation>N° d'accession</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>Récupération…</translation>
    </message>
    <message>
      <source>Fetch to this station and burn</source>
      <translation>Récupérer sur ce poste et graver</translation>
    </message>
  </context>
  <context>
    <name>BurnOptionsScreen</name>
    <message>
      <source>Disc and copies</source>
      <translation>Support et copies</translation>
    </message>
    <message>
      <source>CD</source>
      <translation>CD</translation>
    </message>
    <message>
      <source>DVD</source>
      <translation>DVD</translation>
    </message>
    <message>
      <source>USB stick</source>
      <translation>Clé USB</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>Robot de gravure</translation>
    </message>
    <message>
      <source>Medium: %1</source>
      <translation>Support : %1</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>Copies</translation>
    </message>
    <message>
      <source>One copy less</source>
      <translation>Une copie de moins</translation>
    </message>
    <message numerus="yes">
      <source>%n copies</source>
      <translation>
        <numerusform>%n copie</numerusform>
        <numerusform>%n copies</numerusform>
      </translation>
    </message>
    <message>
      <source>One copy more</source>
      <translation>Une copie de plus</translation>
    </message>
    <message>
      <source>Protect with a password</source>
      <translation>Protéger par un mot de passe</translation>
    </message>
    <message>
      <source>Next: check the patient</source>
      <translation>Suivant : vérifier le patient</translation>
    </message>
  </context>
  <context>
    <name>BurnProgressScreen</name>
    <message>
      <source>The discs are ready</source>
      <translation>Les disques sont prêts</translation>
    </message>
    <message>
      <source>The disc could not be made</source>
      <translation>Le disque n'a pas pu être créé</translation>
    </message>
    <message>
      <source>Making the disc</source>
      <translation>Création du disque</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>Avancement : %1 pour cent</translation>
    </message>
    <message numerus="yes">
      <source>%1 of %n disc(s) done</source>
      <translation>
        <numerusform>%1 disque sur %n terminé</numerusform>
        <numerusform>%1 disques sur %n terminés</numerusform>
      </translation>
    </message>
    <message>
      <source>Every disc was read back and checked. Take them from the drive.</source>
      <translation>Chaque disque a été relu et vérifié. Retirez-les du lecteur.</translation>
    </message>
    <message>
      <source>Stop this job</source>
      <translation>Arrêter cette tâche</translation>
    </message>
    <message>
      <source>Change and try again</source>
      <translation>Modifier et réessayer</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>Retour à l'accueil</translation>
    </message>
    <message>
      <source>Password for this disc: %1</source>
      <translation>Mot de passe de ce disque : %1</translation>
    </message>
    <message>
      <source>Password for this disc</source>
      <translation>Mot de passe de ce disque</translation>
    </message>
    <message>
      <source>Shown only now. Write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>Affiché seulement maintenant. Notez-le ou imprimez la fiche, et remettez-le au patient séparément du disque.</translation>
    </message>
    <message>
      <source>Print the slip</source>
      <translation>Imprimer la fiche</translation>
    </message>
    <message>
      <source>It is written down</source>
      <translation>C'est noté</translation>
    </message>
    <message>
      <source>Stop after this copy</source>
      <translation>Arrêter après cette copie</translation>
    </message>
    <message>
      <source>This job stops after the copy in hand; that disc is finished and checked first.</source>
      <translation>Cette tâche s'arrête après la copie en cours ; ce disque est d'abord terminé et vérifié.</translation>
    </message>
  </context>
  <context>
    <name>DevicesScreen</name>
    <message>
      <source>Drives and robots</source>
      <translation>Graveurs et robots</translation>
    </message>
    <message>
      <source>No drive is connected.</source>
      <translation>Aucun graveur n'est connecté.</translation>
    </message>
    <message>
      <source>%1 · %2</source>
      <translation>%1 · %2</translation>
    </message>
    <message>
      <source>Inside: %1</source>
      <translation>Inséré : %1</translation>
    </message>
    <message>
      <source>Disc robots</source>
      <translation>Robots de gravure</translation>
    </message>
    <message>
      <source>Disc robots are not available on this station yet.</source>
      <translation>Les robots de gravure ne sont pas encore disponibles sur ce poste.</translation>
    </message>
    <message>
      <source>No disc robot is configured.</source>
      <translation>Aucun robot de gravure n'est configuré.</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Media station</source>
      <translation>Poste de gravure</translation>
    </message>
    <message>
      <source>Media station %1</source>
      <translation>Poste de gravure %1</translation>
    </message>
    <message>
      <source>No discs are being made right now.</source>
      <translation>Aucun disque n'est en cours de création.</translation>
    </message>
    <message numerus="yes">
      <source>%n job(s) waiting or running.</source>
      <translation>
        <numerusform>%n tâche en attente ou en cours.</numerusform>
        <numerusform>%n tâches en attente ou en cours.</numerusform>
      </translation>
    </message>
    <message>
      <source>Burn a disc for a patient</source>
      <translation>Graver un disque pour un patient</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>Importer un disque</translation>
    </message>
    <message>
      <source>Jobs</source>
      <translation>Tâches</translation>
    </message>
    <message numerus="yes">
      <source>%n active</source>
      <translation>
        <numerusform>%n active</numerusform>
        <numerusform>%n actives</numerusform>
      </translation>
    </message>
    <message>
      <source>Drives and robots</source>
      <translation>Graveurs et robots</translation>
    </message>
    <message>
      <source>Administration</source>
      <translation>Administration</translation>
    </message>
    <message>
      <source>Normal colours</source>
      <translation>Couleurs normales</translation>
    </message>
    <message>
      <source>High contrast</source>
      <translation>Contraste élevé</translation>
    </message>
    <message>
      <source>Language: %1</source>
      <translation>Langue : %1</translation>
    </message>
  </context>
  <context>
    <name>ImportScreen</name>
    <message>
      <source>What is on the disc</source>
      <translation>Contenu du disque</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>Importer un disque</translation>
    </message>
    <message>
      <source>Put the disc in a drive, then choose the drive.</source>
      <translation>Insérez le disque dans un lecteur, puis choisissez ce lecteur.</translation>
    </message>
    <message>
      <source>Read the disc in %1</source>
      <translation>Lire le disque dans %1</translation>
    </message>
    <message>
      <source>Reading the disc</source>
      <translation>Lecture du disque</translation>
    </message>
    <message>
      <source>The inventory is not available on this station yet.</source>
      <translation>L'inventaire n'est pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>Decisions waiting</source>
      <translation>Décisions en attente</translation>
    </message>
    <message>
      <source>Decisions are not available on this station yet.</source>
      <translation>Les décisions ne sont pas encore disponibles sur ce poste.</translation>
    </message>
    <message>
      <source>Nothing to decide.</source>
      <translation>Rien à décider.</translation>
    </message>
    <message>
      <source>Do not import</source>
      <translation>Ne pas importer</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>Retour à l'accueil</translation>
    </message>
    <message>
      <source>On the disc</source>
      <translation>Sur le disque</translation>
    </message>
    <message>
      <source>Here</source>
      <translation>Ici</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Patient ID</source>
      <translation>ID patient</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>Date de naissance</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>Sexe</translation>
    </message>
    <message>
      <source>no match</source>
      <translation>aucune correspondance</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>Importation terminée.</translation>
    </message>
    <message>
      <source>Waiting for your decision.</source>
      <translation>En attente de votre décision.</translation>
    </message>
    <message>
      <source>Same patient: import as the patient here</source>
      <translation>Même patient : importer sous le patient d’ici</translation>
    </message>
    <message>
      <source>Send it again</source>
      <translation>Renvoyer</translation>
    </message>
  </context>
  <context>
    <name>KioskRoot</name>
    <message>
      <source>The media service restarted. Reconnecting…</source>
      <translation>Le service de gravure a redémarré. Reconnexion…</translation>
    </message>
    <message>
      <source>Waiting for the media service…</source>
      <translation>En attente du service de gravure…</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Discus media station</source>
      <translation>Poste de gravure Discus</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Jobs</source>
      <translation>Tâches</translation>
    </message>
    <message>
      <source>No jobs yet.</source>
      <translation>Aucune tâche pour le moment.</translation>
    </message>
    <message>
      <source>Job %1: %2</source>
      <translation>Tâche %1 : %2</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>Avancement : %1 pour cent</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Afficher</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Cancel job %1</source>
      <translation>Annuler la tâche %1</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Réessayer</translation>
    </message>
    <message>
      <source>Retry job %1</source>
      <translation>Réessayer la tâche %1</translation>
    </message>
  </context>
  <context>
    <name>ScreenHeader</name>
    <message>
      <source>Back</source>
      <translation>Retour</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::AdminSession</name>
    <message>
      <source>Media made</source>
      <translation>Support créé</translation>
    </message>
    <message>
      <source>Media imported</source>
      <translation>Support importé</translation>
    </message>
    <message>
      <source>Security alert</source>
      <translation>Alerte de sécurité</translation>
    </message>
    <message>
      <source>Sign-in</source>
      <translation>Connexion</translation>
    </message>
    <message>
      <source>Service started or stopped</source>
      <translation>Service démarré ou arrêté</translation>
    </message>
    <message>
      <source>Images accessed or deleted</source>
      <translation>Images consultées ou supprimées</translation>
    </message>
    <message>
      <source>Audit log read</source>
      <translation>Journal d'audit consulté</translation>
    </message>
    <message>
      <source>Images sent or received</source>
      <translation>Images envoyées ou reçues</translation>
    </message>
    <message>
      <source>Name or password is wrong.</source>
      <translation>Nom ou mot de passe incorrect.</translation>
    </message>
    <message>
      <source>Only administrators may open this area.</source>
      <translation>Seuls les administrateurs peuvent ouvrir cet espace.</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Wait a minute.</source>
      <translation>Trop de codes erronés. Patientez une minute.</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>administrateur</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>Code PIN incorrect.</translation>
    </message>
    <message>
      <source>No PIN is set. Sign in with your name and password.</source>
      <translation>Aucun code PIN n'est défini. Connectez-vous avec votre nom et votre mot de passe.</translation>
    </message>
    <message>
      <source>A PIN has 4 to 12 digits.</source>
      <translation>Un code PIN compte 4 à 12 chiffres.</translation>
    </message>
    <message>
      <source>PIN saved.</source>
      <translation>Code PIN enregistré.</translation>
    </message>
    <message>
      <source>The PIN could not be saved.</source>
      <translation>Le code PIN n'a pas pu être enregistré.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::BurnFlow</name>
    <message>
      <source>Folder %1</source>
      <translation>Dossier %1</translation>
    </message>
    <message>
      <source>Choose a study first.</source>
      <translation>Choisissez d'abord un examen.</translation>
    </message>
    <message>
      <source>This station has no disc robot.</source>
      <translation>Ce poste n'a pas de robot de gravure.</translation>
    </message>
    <message>
      <source>No robot is ready.</source>
      <translation>Aucun robot n'est prêt.</translation>
    </message>
    <message>
      <source>Insert a USB stick.</source>
      <translation>Insérez une clé USB.</translation>
    </message>
    <message>
      <source>No disc drive is ready.</source>
      <translation>Aucun graveur n'est prêt.</translation>
    </message>
    <message>
      <source>%1 of %2, %3 images</source>
      <translation>%1 du %2, %3 images</translation>
    </message>
    <message>
      <source>Study</source>
      <translation>Examen</translation>
    </message>
    <message>
      <source>The job was cancelled.</source>
      <translation>La tâche a été annulée.</translation>
    </message>
    <message>
      <source>The service gave no reason.</source>
      <translation>Le service n'a donné aucune raison.</translation>
    </message>
    <message>
      <source>The disc could not be read back: verify found 3 files that differ.</source>
      <translation>Le disque n'a pas pu être relu : la vérification a trouvé 3 fichiers différents.</translation>
    </message>
    <message>
      <source>The service did not say where this study is kept.</source>
      <translation>Le service n'a pas indiqué où cet examen est conservé.</translation>
    </message>
    <message>
      <source>The fetched study is not in this station's store: %1</source>
      <translation>L'examen récupéré n'est pas dans le stockage de ce poste : %1</translation>
    </message>
    <message>
      <source>The store holds %1 of the %2 images fetched; try again in a moment.</source>
      <translation>Le stockage contient %1 des %2 images récupérées ; réessayez dans un instant.</translation>
    </message>
    <message>
      <source>The robot needs a person.</source>
      <translation>Le robot a besoin d'une personne.</translation>
    </message>
    <message>
      <source>The disc opens only with a password. It is shown once, when the burn starts: write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>Le disque ne s'ouvre qu'avec un mot de passe. Il est affiché une seule fois, au début de la gravure : notez-le ou imprimez la fiche, et remettez-le au patient séparément du disque.</translation>
    </message>
    <message>
      <source>Password for your disc</source>
      <translation>Mot de passe de votre disque</translation>
    </message>
    <message>
      <source>Password (type it exactly as printed):</source>
      <translation>Mot de passe (à saisir exactement comme imprimé) :</translation>
    </message>
    <message>
      <source>The disc is encrypted. When its viewer or another DICOM program asks for a password, type this one. Keep this slip apart from the disc.</source>
      <translation>Le disque est chiffré. Quand sa visionneuse ou un autre programme DICOM demande un mot de passe, saisissez celui-ci. Conservez cette fiche séparément du disque.</translation>
    </message>
    <message>
      <source>Made at %1</source>
      <translation>Fait le %1</translation>
    </message>
    <message>
      <source>Printing the slip…</source>
      <translation>Impression de la fiche…</translation>
    </message>
    <message>
      <source>The slip was sent to the printer.</source>
      <translation>La fiche a été envoyée à l'imprimante.</translation>
    </message>
    <message>
      <source>No printer is set up on this station (%1 is missing): write the password down.</source>
      <translation>Aucune imprimante n'est configurée sur ce poste (%1 manque) : notez le mot de passe.</translation>
    </message>
    <message>
      <source>The printer refused the slip: %1</source>
      <translation>L'imprimante a refusé la fiche : %1</translation>
    </message>
    <message>
      <source>The service did not give the disc's password.</source>
      <translation>Le service n'a pas donné le mot de passe du disque.</translation>
    </message>
    <message>
      <source>Stopped as asked: %1 of %2 discs made and checked.</source>
      <translation>Arrêté comme demandé : %1 disques sur %2 faits et vérifiés.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::ImportFlow</name>
    <message>
      <source>Waiting for your decision</source>
      <translation>En attente de votre décision</translation>
    </message>
    <message>
      <source>Importing discs is not available on this station yet.</source>
      <translation>L'import de disques n'est pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>The disc could not be read.</source>
      <translation>Le disque n'a pas pu être lu.</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>male</source>
      <translation>masculin</translation>
    </message>
    <message>
      <source>female</source>
      <translation>féminin</translation>
    </message>
    <message>
      <source>other</source>
      <translation>autre</translation>
    </message>
    <message>
      <source>not given</source>
      <translation>non indiqué</translation>
    </message>
    <message>
      <source>Looking at the disc</source>
      <translation>Examen du disque</translation>
    </message>
    <message>
      <source>Reading the disc and finding the patients here</source>
      <translation>Lecture du disque et recherche des patients d’ici</translation>
    </message>
    <message>
      <source>Sending: %1 of %2</source>
      <translation>Envoi : %1 sur %2</translation>
    </message>
    <message>
      <source>Sending: %1</source>
      <translation>Envoi : %1</translation>
    </message>
    <message>
      <source>Here: %1</source>
      <translation>Ici : %1</translation>
    </message>
    <message>
      <source>chosen by a person</source>
      <translation>choisi par une personne</translation>
    </message>
    <message>
      <source>found in the worklist</source>
      <translation>trouvé dans la liste de travail</translation>
    </message>
    <message>
      <source>Not imported: rejected</source>
      <translation>Non importé : refusé</translation>
    </message>
    <message>
      <source>Is the patient on the disc the patient here?</source>
      <translation>Le patient du disque est-il le patient d’ici ?</translation>
    </message>
    <message>
      <source>Sending was interrupted: the PACS may already have %1. Send it again?</source>
      <translation>L’envoi a été interrompu : le PACS a peut-être déjà %1. Renvoyer ?</translation>
    </message>
    <message>
      <source>Waiting for the station</source>
      <translation>En attente du poste</translation>
    </message>
    <message>
      <source>Continuing the import</source>
      <translation>Poursuite de l’importation</translation>
    </message>
    <message numerus="yes">
      <source>%n instance(s)</source>
      <translation>
        <numerusform>%n image</numerusform>
        <numerusform>%n images</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n imported</source>
      <translation>
        <numerusform>%n importé</numerusform>
        <numerusform>%n importés</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n already here</source>
      <translation>
        <numerusform>%n déjà ici</numerusform>
        <numerusform>%n déjà ici</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n waiting for a decision</source>
      <translation>
        <numerusform>%n en attente d’une décision</numerusform>
        <numerusform>%n en attente d’une décision</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n in conflict with what is here</source>
      <translation>
        <numerusform>%n en conflit avec l’existant</numerusform>
        <numerusform>%n en conflit avec l’existant</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n unreadable</source>
      <translation>
        <numerusform>%n illisible</numerusform>
        <numerusform>%n illisibles</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n not images (viewer, other files)</source>
      <translation>
        <numerusform>%n hors images (visionneuse, autres fichiers)</numerusform>
        <numerusform>%n hors images (visionneuse, autres fichiers)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n left out</source>
      <translation>
        <numerusform>%n laissé de côté</numerusform>
        <numerusform>%n laissés de côté</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n file(s) on the disc: </source>
      <translation>
        <numerusform>%n fichier sur le disque : </numerusform>
        <numerusform>%n fichiers sur le disque : </numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JobListModel</name>
    <message>
      <source>Waiting</source>
      <translation>En attente</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>En cours</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>En pause</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Terminé</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Échec</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Annulé</translation>
    </message>
    <message>
      <source>Checking the images</source>
      <translation>Vérification des images</translation>
    </message>
    <message>
      <source>Preparing the disc</source>
      <translation>Préparation du disque</translation>
    </message>
    <message>
      <source>Writing</source>
      <translation>Gravure</translation>
    </message>
    <message>
      <source>Checking the disc</source>
      <translation>Vérification du disque</translation>
    </message>
    <message>
      <source>Importing</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>Sending</source>
      <translation>Envoi</translation>
    </message>
    <message>
      <source>Estimating time left</source>
      <translation>Estimation du temps restant</translation>
    </message>
    <message>
      <source>Less than a minute left</source>
      <translation>Moins d'une minute</translation>
    </message>
    <message numerus="yes">
      <source>About %n minute(s) left</source>
      <translation>
        <numerusform>Environ %n minute restante</numerusform>
        <numerusform>Environ %n minutes restantes</numerusform>
      </translation>
    </message>
    <message>
      <source>Job %1 could not be cancelled: %2</source>
      <translation>La tâche %1 n'a pas pu être annulée : %2</translation>
    </message>
    <message>
      <source>Job %1 could not be retried: %2</source>
      <translation>La tâche %1 n'a pas pu être relancée : %2</translation>
    </message>
    <message>
      <source>Job %1 · %2 · %3 of %4</source>
      <translation>Tâche %1 · %2 · %3 sur %4</translation>
    </message>
    <message>
      <source>Stops after the copy in hand</source>
      <translation>S'arrête après la copie en cours</translation>
    </message>
    <message>
      <source>Job %1 could not be told to stop after this copy: %2</source>
      <translation>La tâche %1 n'a pas pu être arrêtée après cette copie : %2</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JsonListModel</name>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Pas encore disponible sur ce poste.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::KioskApp</name>
    <message>
      <source>Ready</source>
      <translation>Prêt</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>En cours</translation>
    </message>
    <message>
      <source>No disc inside</source>
      <translation>Aucun disque inséré</translation>
    </message>
    <message>
      <source>Not connected</source>
      <translation>Non connecté</translation>
    </message>
    <message>
      <source>Needs a person</source>
      <translation>Intervention requise</translation>
    </message>
    <message>
      <source>Taken out of use by an administrator.</source>
      <translation>Mis hors service par un administrateur.</translation>
    </message>
    <message>
      <source>Put a blank disc in the drive.</source>
      <translation>Insérez un disque vierge dans le graveur.</translation>
    </message>
    <message>
      <source>Check the cable and the power of the drive.</source>
      <translation>Vérifiez le câble et l'alimentation du graveur.</translation>
    </message>
    <message>
      <source>Open the drive, take the disc out and close it again.</source>
      <translation>Ouvrez le graveur, retirez le disque et refermez-le.</translation>
    </message>
    <message>
      <source>Out of blank discs: fill the %1 bin.</source>
      <translation>Plus de disques vierges : remplissez le bac %1.</translation>
    </message>
    <message>
      <source>Few blank discs left in the %1 bin.</source>
      <translation>Il reste peu de disques vierges dans le bac %1.</translation>
    </message>
    <message>
      <source>Ink low (%1): replace the cartridge.</source>
      <translation>Encre faible (%1) : remplacez la cartouche.</translation>
    </message>
    <message>
      <source>Out of blank discs: load blank discs into the input bin and close the robot.</source>
      <translation>Plus de disques vierges : chargez des disques vierges dans le bac d'entrée et fermez le robot.</translation>
    </message>
    <message>
      <source>A cover of the robot is open: close it.</source>
      <translation>Un capot du robot est ouvert : fermez-le.</translation>
    </message>
    <message>
      <source>The robot's printer needs a person: clear the jam or close its tray.</source>
      <translation>L'imprimante du robot a besoin d'une personne : dégagez le bourrage ou fermez son plateau.</translation>
    </message>
    <message>
      <source>Ink low: replace the cartridge.</source>
      <translation>Encre faible : remplacez la cartouche.</translation>
    </message>
    <message>
      <source>A disc was rejected: take it out of the reject bin.</source>
      <translation>Un disque a été rejeté : retirez-le du bac de rejet.</translation>
    </message>
    <message>
      <source>The robot does not answer: check its power and cable.</source>
      <translation>Le robot ne répond pas : vérifiez son alimentation et son câble.</translation>
    </message>
    <message>
      <source>A job failed at the robot: see Jobs.</source>
      <translation>Une tâche a échoué sur le robot : voir Tâches.</translation>
    </message>
    <message>
      <source>The robot says: %1</source>
      <translation>Le robot indique : %1</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::PacsSearch</name>
    <message>
      <source>PACS %1</source>
      <translation>PACS %1</translation>
    </message>
    <message>
      <source>Study</source>
      <translation>Examen</translation>
    </message>
    <message>
      <source>accession %1</source>
      <translation>n° d'accession %1</translation>
    </message>
    <message numerus="yes">
      <source>%n image(s)</source>
      <translation>
        <numerusform>%n image</numerusform>
        <numerusform>%n images</numerusform>
      </translation>
    </message>
    <message>
      <source>The date is not one this station understands: type it as 2026-12-01, or two dates for a range.</source>
      <translation>Cette date n'est pas comprise par le poste : saisissez-la sous la forme 2026-12-01, ou deux dates pour une période.</translation>
    </message>
    <message>
      <source>Type a name, an ID, a date or an accession number to search the PACS.</source>
      <translation>Saisissez un nom, un identifiant, une date ou un n° d'accession pour chercher dans le PACS.</translation>
    </message>
    <message>
      <source>Asking %1…</source>
      <translation>Interrogation de %1…</translation>
    </message>
    <message>
      <source>Searching a PACS is not available on this station yet.</source>
      <translation>La recherche dans un PACS n'est pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>The PACS could not be searched: %1</source>
      <translation>La recherche dans le PACS a échoué : %1</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>Aucun examen trouvé.</translation>
    </message>
    <message>
      <source>Only the first %1 studies are shown: search more narrowly.</source>
      <translation>Seuls les %1 premiers examens sont affichés : précisez la recherche.</translation>
    </message>
    <message>
      <source>This study is kept on %1. Fetch it to this station to burn it.</source>
      <translation>Cet examen est conservé sur %1. Récupérez-le sur ce poste pour le graver.</translation>
    </message>
    <message>
      <source>This study is kept on %1, not on this station, and this station may not fetch from it. Ask for it to be sent from the PACS to this station; it then appears under "This station" and can be burnt.</source>
      <translation>Cet examen est conservé sur %1, pas sur ce poste, et le poste ne peut pas le récupérer de là. Demandez qu'il soit envoyé du PACS vers ce poste ; il apparaîtra alors sous « Ce poste » et pourra être gravé.</translation>
    </message>
    <message>
      <source>The PACS did not say which study this is (no Study Instance UID).</source>
      <translation>Le PACS n'a pas indiqué de quel examen il s'agit (pas de Study Instance UID).</translation>
    </message>
    <message>
      <source>Fetching the study from %1… This can take a few minutes.</source>
      <translation>Récupération de l'examen depuis %1… Cela peut prendre quelques minutes.</translation>
    </message>
    <message>
      <source>Fetching from a PACS is not available on this station yet.</source>
      <translation>La récupération depuis un PACS n'est pas encore disponible sur ce poste.</translation>
    </message>
    <message>
      <source>The study could not be fetched: %1</source>
      <translation>L'examen n'a pas pu être récupéré : %1</translation>
    </message>
    <message>
      <source>Not all images came from the PACS (%1 sent, %2 failed): %3</source>
      <translation>Toutes les images ne sont pas arrivées du PACS (%1 envoyées, %2 en échec) : %3</translation>
    </message>
    <message>
      <source>The study is on this station now.</source>
      <translation>L'examen est maintenant sur ce poste.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::SettingsModel</name>
    <message>
      <source>Institution name</source>
      <translation>Nom de l'établissement</translation>
    </message>
    <message>
      <source>Default media profile</source>
      <translation>Profil de support par défaut</translation>
    </message>
    <message>
      <source>Default medium</source>
      <translation>Support par défaut</translation>
    </message>
    <message>
      <source>Days staged images are kept</source>
      <translation>Jours de conservation des images préparées</translation>
    </message>
    <message>
      <source>This station's AE title</source>
      <translation>Titre AE de ce poste</translation>
    </message>
    <message>
      <source>This station's DICOM port</source>
      <translation>Port DICOM de ce poste</translation>
    </message>
    <message>
      <source>Media profiles offered (separated by commas; empty: all)</source>
      <translation>Profils de support proposés (séparés par des virgules ; vide : tous)</translation>
    </message>
    <message>
      <source>Default target (drive, usb, robot or image-dir)</source>
      <translation>Cible par défaut (drive, usb, robot ou image-dir)</translation>
    </message>
    <message>
      <source>Default number of copies</source>
      <translation>Nombre de copies par défaut</translation>
    </message>
    <message>
      <source>Label template (a file; empty: the built-in one)</source>
      <translation>Modèle d'étiquette (un fichier ; vide : celui intégré)</translation>
    </message>
    <message>
      <source>Language of the kiosk (en, de, fr or ar)</source>
      <translation>Langue du kiosque (en, de, fr ou ar)</translation>
    </message>
    <message>
      <source>Seconds without a touch before the kiosk goes home</source>
      <translation>Secondes sans toucher avant le retour à l'accueil</translation>
    </message>
    <message>
      <source>PACS %1: AE title</source>
      <translation>PACS %1 : titre AE</translation>
    </message>
    <message>
      <source>PACS %1: host</source>
      <translation>PACS %1 : hôte</translation>
    </message>
    <message>
      <source>PACS %1: port</source>
      <translation>PACS %1 : port</translation>
    </message>
    <message>
      <source>PACS %1: this station's AE title towards it</source>
      <translation>PACS %1 : titre AE de ce poste envers lui</translation>
    </message>
    <message>
      <source>PACS %1: roles (query, retrieve, store-to, import-destination, worklist)</source>
      <translation>PACS %1 : rôles (query, retrieve, store-to, import-destination, worklist)</translation>
    </message>
    <message>
      <source>PACS %1: %2</source>
      <translation>PACS %1 : %2</translation>
    </message>
    <message>
      <source>built in</source>
      <translation>intégré</translation>
    </message>
    <message>
      <source>from the configuration file</source>
      <translation>du fichier de configuration</translation>
    </message>
    <message>
      <source>set here</source>
      <translation>défini ici</translation>
    </message>
    <message>
      <source>from discusd's command line</source>
      <translation>de la ligne de commande de discusd</translation>
    </message>
    <message>
      <source>applies after the media service restarts</source>
      <translation>s'applique après le redémarrage du service de gravure</translation>
    </message>
    <message>
      <source>Changed, in force after the media service restarts: %1</source>
      <translation>Modifié, en vigueur après le redémarrage du service de gravure : %1</translation>
    </message>
    <message>
      <source>Settings cannot be changed on this station yet.</source>
      <translation>Les réglages ne peuvent pas encore être modifiés sur ce poste.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Enregistrement…</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Non enregistré : %1</translation>
    </message>
    <message>
      <source>Saved: %1.</source>
      <translation>Enregistré : %1.</translation>
    </message>
    <message>
      <source>Back to the value from the file or the built-in one: %1.</source>
      <translation>Retour à la valeur du fichier ou à celle intégrée : %1.</translation>
    </message>
    <message>
      <source>A PACS needs a name, an AE title, a host and a port from 1 to 65535.</source>
      <translation>Un PACS a besoin d'un nom, d'un titre AE, d'un hôte et d'un port de 1 à 65535.</translation>
    </message>
    <message>
      <source>PACS %1 added.</source>
      <translation>PACS %1 ajouté.</translation>
    </message>
  </context>
  <context>
    <name>AdminSettingsScreen</name>
    <message>
      <source>Station settings</source>
      <translation>Réglages du poste</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Enregistrer</translation>
    </message>
    <message>
      <source>Save %1</source>
      <translation>Enregistrer %1</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>Réinitialiser</translation>
    </message>
    <message>
      <source>Reset %1</source>
      <translation>Réinitialiser %1</translation>
    </message>
    <message>
      <source>Add a PACS</source>
      <translation>Ajouter un PACS</translation>
    </message>
    <message>
      <source>Name, e.g. pacs2</source>
      <translation>Nom, p. ex. pacs2</translation>
    </message>
    <message>
      <source>AE title</source>
      <translation>Titre AE</translation>
    </message>
    <message>
      <source>Host</source>
      <translation>Hôte</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>Roles, e.g. query, retrieve</source>
      <translation>Rôles, p. ex. query, retrieve</translation>
    </message>
    <message>
      <source>Add this PACS</source>
      <translation>Ajouter ce PACS</translation>
    </message>
  </context>
</TS>