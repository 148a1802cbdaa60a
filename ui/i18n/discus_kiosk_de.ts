<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
  <context>
    <name>AdminPinScreen</name>
    <message>
      <source>Administration</source>
      <translation>Verwaltung</translation>
    </message>
    <message>
      <source>Enter the administrator PIN.</source>
      <translation>Geben Sie die Administrator-PIN ein.</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Entsperren</translation>
    </message>
    <message>
      <source>Or sign in with your name and password:</source>
      <translation>Oder melden Sie sich mit Name und Passwort an:</translation>
    </message>
    <message>
      <source>Sign in with your name and password:</source>
      <translation>Melden Sie sich mit Name und Passwort an:</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Passwort</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Anmelden</translation>
    </message>
  </context>
  <context>
    <name>AdminScreen</name>
    <message>
      <source>Administration</source>
      <translation>Verwaltung</translation>
    </message>
    <message>
      <source>Lock and go back</source>
      <translation>Sperren und zurück</translation>
    </message>
    <message>
      <source>Users and roles</source>
      <translation>Benutzer und Rollen</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>%1 (%2): %3</source>
      <translation>%1 (%2): %3</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>gesperrt</translation>
    </message>
    <message>
      <source>Audit trail, newest first</source>
      <translation>Protokoll (Audit Trail), neueste zuerst</translation>
    </message>
    <message>
      <source>%1 · %2 · %3 · %4</source>
      <translation>%1 · %2 · %3 · %4</translation>
    </message>
    <message>
      <source>Station PIN (4 to 12 digits)</source>
      <translation>Stations-PIN (4 bis 12 Ziffern)</translation>
    </message>
    <message>
      <source>New PIN</source>
      <translation>Neue PIN</translation>
    </message>
    <message>
      <source>Save PIN</source>
      <translation>PIN speichern</translation>
    </message>
  </context>
  <context>
    <name>BurnConfirmScreen</name>
    <message>
      <source>Is this the right patient?</source>
      <translation>Ist das der richtige Patient?</translation>
    </message>
    <message>
      <source>Patient shown on the disc after it is read</source>
      <translation>Der Patient wird nach dem Einlesen angezeigt</translation>
    </message>
    <message>
      <source>Patient: %1</source>
      <translation>Patient: %1</translation>
    </message>
    <message>
      <source>Born %1</source>
      <translation>Geboren am %1</translation>
    </message>
    <message numerus="yes">
      <source>%n copy/copies on %1</source>
      <translation>
        <numerusform>%n Kopie auf %1</numerusform>
        <numerusform>%n Kopien auf %1</numerusform>
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
      <translation>USB-Stick</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>Brennroboter</translation>
    </message>
    <message>
      <source>No, go back</source>
      <translation>Nein, zurück</translation>
    </message>
    <message>
      <source>Yes, make the disc</source>
      <translation>Ja, Disc erstellen</translation>
    </message>
  </context>
  <context>
    <name>BurnFindScreen</name>
    <message>
      <source>Which study?</source>
      <translation>Welche Studie?</translation>
    </message>
    <message>
      <source>Patient name or ID</source>
      <translation>Patientenname oder ID</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <source>The local store cannot be searched on this station yet. Use a folder below.</source>
      <translation>Der lokale Speicher kann auf dieser Station noch nicht durchsucht werden. Wählen Sie unten einen Ordner.</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>Keine Studie gefunden.</translation>
    </message>
    <message numerus="yes">
      <source>%1, %2, %n image(s)</source>
      <translation>
        <numerusform>%1, %2, %n Bild</numerusform>
        <numerusform>%1, %2, %n Bilder</numerusform>
      </translation>
    </message>
    <message>
      <source>Study</source>
      <translation>Studie</translation>
    </message>
    <message>
      <source>Or burn a folder of DICOM files</source>
      <translation>Oder einen Ordner mit DICOM-Dateien brennen</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Ordner</translation>
    </message>
    <message>
      <source>Use this folder</source>
      <translation>Diesen Ordner nehmen</translation>
    </message>
    <message>
      <source>still arriving</source>
      <translation>wird noch empfangen</translation>
    </message>
  </context>
  <context>
    <name>BurnOptionsScreen</name>
    <message>
      <source>Disc and copies</source>
      <translation>Medium und Kopien</translation>
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
      <translation>USB-Stick</translation>
    </message>
    <message>
      <source>Disc robot</source>
      <translation>Brennroboter</translation>
    </message>
    <message>
      <source>Medium: %1</source>
      <translation>Medium: %1</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>Kopien</translation>
    </message>
    <message>
      <source>One copy less</source>
      <translation>Eine Kopie weniger</translation>
    </message>
    <message numerus="yes">
      <source>%n copies</source>
      <translation>
        <numerusform>%n Kopie</numerusform>
        <numerusform>%n Kopien</numerusform>
      </translation>
    </message>
    <message>
      <source>One copy more</source>
      <translation>Eine Kopie mehr</translation>
    </message>
    <message>
      <source>Protect with a password</source>
      <translation>Mit Passwort schützen</translation>
    </message>
    <message>
      <source>Next: check the patient</source>
      <translation>Weiter: Patient prüfen</translation>
    </message>
  </context>
  <context>
    <name>BurnProgressScreen</name>
    <message>
      <source>The discs are ready</source>
      <translation>Die Discs sind fertig</translation>
    </message>
    <message>
      <source>The disc could not be made</source>
      <translation>Die Disc konnte nicht erstellt werden</translation>
    </message>
    <message>
      <source>Making the disc</source>
      <translation>Disc wird erstellt</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>Fortschritt: %1 Prozent</translation>
    </message>
    <message numerus="yes">
      <source>%1 of %n disc(s) done</source>
      <translation>
        <numerusform>%1 von %n Disc fertig</numerusform>
        <numerusform>%1 von %n Discs fertig</numerusform>
      </translation>
    </message>
    <message>
      <source>Every disc was read back and checked. Take them from the drive.</source>
      <translation>Jede Disc wurde zurückgelesen und geprüft. Bitte aus dem Laufwerk nehmen.</translation>
    </message>
    <message>
      <source>Stop this job</source>
      <translation>Auftrag abbrechen</translation>
    </message>
    <message>
      <source>Change and try again</source>
      <translation>Ändern und erneut versuchen</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>Zurück zum Start</translation>
    </message>
  </context>
  <context>
    <name>DevicesScreen</name>
    <message>
      <source>Drives and robots</source>
      <translation>Laufwerke und Roboter</translation>
    </message>
    <message>
      <source>No drive is connected.</source>
      <translation>Kein Laufwerk angeschlossen.</translation>
    </message>
    <message>
      <source>%1 · %2</source>
      <translation>%1 · %2</translation>
    </message>
    <message>
      <source>Inside: %1</source>
      <translation>Eingelegt: %1</translation>
    </message>
    <message>
      <source>Disc robots</source>
      <translation>Brennroboter</translation>
    </message>
    <message>
      <source>Disc robots are not available on this station yet.</source>
      <translation>Brennroboter sind auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>No disc robot is configured.</source>
      <translation>Kein Brennroboter eingerichtet.</translation>
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Media station</source>
      <translation>Medienstation</translation>
    </message>
    <message>
      <source>Media station %1</source>
      <translation>Medienstation %1</translation>
    </message>
    <message>
      <source>No discs are being made right now.</source>
      <translation>Gerade werden keine Discs erstellt.</translation>
    </message>
    <message numerus="yes">
      <source>%n job(s) waiting or running.</source>
      <translation>
        <numerusform>%n Auftrag wartet oder läuft.</numerusform>
        <numerusform>%n Aufträge warten oder laufen.</numerusform>
      </translation>
    </message>
    <message>
      <source>Burn a disc for a patient</source>
      <translation>Disc für einen Patienten brennen</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>Disc importieren</translation>
    </message>
    <message>
      <source>Jobs</source>
      <translation>Aufträge</translation>
    </message>
    <message numerus="yes">
      <source>%n active</source>
      <translation>
        <numerusform>%n aktiv</numerusform>
        <numerusform>%n aktiv</numerusform>
      </translation>
    </message>
    <message>
      <source>Drives and robots</source>
      <translation>Laufwerke und Roboter</translation>
    </message>
    <message>
      <source>Administration</source>
      <translation>Verwaltung</translation>
    </message>
    <message>
      <source>Normal colours</source>
      <translation>Normale Farben</translation>
    </message>
    <message>
      <source>High contrast</source>
      <translation>Hoher Kontrast</translation>
    </message>
    <message>
      <source>Language: %1</source>
      <translation>Sprache: %1</translation>
    </message>
  </context>
  <context>
    <name>ImportScreen</name>
    <message>
      <source>What is on the disc</source>
      <translation>Inhalt der Disc</translation>
    </message>
    <message>
      <source>Import a disc</source>
      <translation>Disc importieren</translation>
    </message>
    <message>
      <source>Put the disc in a drive, then choose the drive.</source>
      <translation>Legen Sie die Disc in ein Laufwerk und wählen Sie das Laufwerk.</translation>
    </message>
    <message>
      <source>Read the disc in %1</source>
      <translation>Disc in %1 lesen</translation>
    </message>
    <message>
      <source>Reading the disc</source>
      <translation>Disc wird gelesen</translation>
    </message>
    <message>
      <source>The inventory is not available on this station yet.</source>
      <translation>Die Inhaltsübersicht ist auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>Decisions waiting</source>
      <translation>Offene Entscheidungen</translation>
    </message>
    <message>
      <source>Decisions are not available on this station yet.</source>
      <translation>Entscheidungen sind auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>Nothing to decide.</source>
      <translation>Nichts zu entscheiden.</translation>
    </message>
    <message>
      <source>Do not import</source>
      <translation>Nicht importieren</translation>
    </message>
    <message>
      <source>Back to the start</source>
      <translation>Zurück zum Start</translation>
    </message>
    <message>
      <source>On the disc</source>
      <translation>Auf der Disc</translation>
    </message>
    <message>
      <source>Here</source>
      <translation>Hier</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Patient ID</source>
      <translation>Patienten-ID</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>Geburtsdatum</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>Geschlecht</translation>
    </message>
    <message>
      <source>no match</source>
      <translation>keine Übereinstimmung</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>Import abgeschlossen.</translation>
    </message>
    <message>
      <source>Waiting for your decision.</source>
      <translation>Wartet auf Ihre Entscheidung.</translation>
    </message>
    <message>
      <source>Same patient: import as the patient here</source>
      <translation>Gleicher Patient: als hiesigen Patienten importieren</translation>
    </message>
    <message>
      <source>Send it again</source>
      <translation>Erneut senden</translation>
    </message>
  </context>
  <context>
    <name>KioskRoot</name>
    <message>
      <source>The media service restarted. Reconnecting…</source>
      <translation>Der Mediendienst wurde neu gestartet. Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
      <source>Waiting for the media service…</source>
      <translation>Warten auf den Mediendienst…</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Discus media station</source>
      <translation>Discus-Medienstation</translation>
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Jobs</source>
      <translation>Aufträge</translation>
    </message>
    <message>
      <source>No jobs yet.</source>
      <translation>Noch keine Aufträge.</translation>
    </message>
    <message>
      <source>Job %1: %2</source>
      <translation>Auftrag %1: %2</translation>
    </message>
    <message>
      <source>Job %1 · %2 · %3 of %4</source>
      <translation>Auftrag %1 · %2 · %3 von %4</translation>
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation>Fortschritt: %1 Prozent</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Anzeigen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>Cancel job %1</source>
      <translation>Auftrag %1 abbrechen</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Wiederholen</translation>
    </message>
    <message>
      <source>Retry job %1</source>
      <translation>Auftrag %1 wiederholen</translation>
    </message>
  </context>
  <context>
    <name>ScreenHeader</name>
    <message>
      <source>Back</source>
      <translation>Zurück</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::AdminSession</name>
    <message>
      <source>Media made</source>
      <translation>Medium erstellt</translation>
    </message>
    <message>
      <source>Media imported</source>
      <translation>Medium importiert</translation>
    </message>
    <message>
      <source>Security alert</source>
      <translation>Sicherheitswarnung</translation>
    </message>
    <message>
      <source>Sign-in</source>
      <translation>Anmeldung</translation>
    </message>
    <message>
      <source>Service started or stopped</source>
      <translation>Dienst gestartet oder beendet</translation>
    </message>
    <message>
      <source>Images accessed or deleted</source>
      <translation>Bilder gelesen oder gelöscht</translation>
    </message>
    <message>
      <source>Audit log read</source>
      <translation>Protokoll gelesen</translation>
    </message>
    <message>
      <source>Images sent or received</source>
      <translation>Bilder gesendet oder empfangen</translation>
    </message>
    <message>
      <source>Name or password is wrong.</source>
      <translation>Name oder Passwort ist falsch.</translation>
    </message>
    <message>
      <source>Only administrators may open this area.</source>
      <translation>Nur Administratoren dürfen diesen Bereich öffnen.</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Wait a minute.</source>
      <translation>Zu viele falsche PINs. Bitte eine Minute warten.</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>Falsche PIN.</translation>
    </message>
    <message>
      <source>No PIN is set. Sign in with your name and password.</source>
      <translation>Es ist keine PIN gesetzt. Melden Sie sich mit Name und Passwort an.</translation>
    </message>
    <message>
      <source>A PIN has 4 to 12 digits.</source>
      <translation>Eine PIN hat 4 bis 12 Ziffern.</translation>
    </message>
    <message>
      <source>PIN saved.</source>
      <translation>PIN gespeichert.</translation>
    </message>
    <message>
      <source>The PIN could not be saved.</source>
      <translation>Die PIN konnte nicht gespeichert werden.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::BurnFlow</name>
    <message>
      <source>Folder %1</source>
      <translation>Ordner %1</translation>
    </message>
    <message>
      <source>Encrypted discs are not offered by this station yet.</source>
      <translation>Verschlüsselte Discs bietet diese Station noch nicht an.</translation>
    </message>
    <message>
      <source>Choose a study first.</source>
      <translation>Wählen Sie zuerst eine Studie.</translation>
    </message>
    <message>
      <source>This station has no disc robot.</source>
      <translation>Diese Station hat keinen Brennroboter.</translation>
    </message>
    <message>
      <source>No robot is ready.</source>
      <translation>Kein Roboter ist bereit.</translation>
    </message>
    <message>
      <source>Insert a USB stick.</source>
      <translation>Stecken Sie einen USB-Stick ein.</translation>
    </message>
    <message>
      <source>No disc drive is ready.</source>
      <translation>Kein Laufwerk ist bereit.</translation>
    </message>
    <message>
      <source>%1 of %2, %3 images</source>
      <translation>%1 vom %2, %3 Bilder</translation>
    </message>
    <message>
      <source>Study</source>
      <translation>Studie</translation>
    </message>
    <message>
      <source>The job was cancelled.</source>
      <translation>Der Auftrag wurde abgebrochen.</translation>
    </message>
    <message>
      <source>The service gave no reason.</source>
      <translation>Der Dienst hat keinen Grund genannt.</translation>
    </message>
    <message>
      <source>The disc could not be read back: verify found 3 files that differ.</source>
      <translation>Die Disc konnte nicht bestätigt werden: die Prüfung fand 3 abweichende Dateien.</translation>
    </message>
    <message>
      <source>The service did not say where this study is kept.</source>
      <translation>Der Dienst hat nicht gesagt, wo diese Studie liegt.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::ImportFlow</name>
    <message>
      <source>Waiting for your decision</source>
      <translation>Wartet auf Ihre Entscheidung</translation>
    </message>
    <message>
      <source>Importing discs is not available on this station yet.</source>
      <translation>Der Import von Discs ist auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>The disc could not be read.</source>
      <translation>Die Disc konnte nicht gelesen werden.</translation>
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Auf dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>male</source>
      <translation>männlich</translation>
    </message>
    <message>
      <source>female</source>
      <translation>weiblich</translation>
    </message>
    <message>
      <source>other</source>
      <translation>divers</translation>
    </message>
    <message>
      <source>not given</source>
      <translation>nicht angegeben</translation>
    </message>
    <message>
      <source>Looking at the disc</source>
      <translation>Disc wird geprüft</translation>
    </message>
    <message>
      <source>Reading the disc and finding the patients here</source>
      <translation>Disc wird gelesen, Patienten werden gesucht</translation>
    </message>
    <message>
      <source>Sending: %1 of %2</source>
      <translation>Senden: %1 von %2</translation>
    </message>
    <message>
      <source>Sending: %1</source>
      <translation>Senden: %1</translation>
    </message>
    <message>
      <source>Here: %1</source>
      <translation>Hier: %1</translation>
    </message>
    <message>
      <source>chosen by a person</source>
      <translation>von einer Person gewählt</translation>
    </message>
    <message>
      <source>found in the worklist</source>
      <translation>in der Arbeitsliste gefunden</translation>
    </message>
    <message>
      <source>Not imported: rejected</source>
      <translation>Nicht importiert: abgelehnt</translation>
    </message>
    <message>
      <source>Is the patient on the disc the patient here?</source>
      <translation>Ist der Patient auf der Disc der hiesige Patient?</translation>
    </message>
    <message>
      <source>Sending was interrupted: the PACS may already have %1. Send it again?</source>
      <translation>Das Senden wurde unterbrochen: Das PACS hat %1 vielleicht schon. Erneut senden?</translation>
    </message>
    <message>
      <source>Waiting for the station</source>
      <translation>Warten auf die Station</translation>
    </message>
    <message>
      <source>Continuing the import</source>
      <translation>Import wird fortgesetzt</translation>
    </message>
    <message numerus="yes">
      <source>%n instance(s)</source>
      <translation>
        <numerusform>%n Bild</numerusform>
        <numerusform>%n Bilder</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n imported</source>
      <translation>
        <numerusform>%n importiert</numerusform>
        <numerusform>%n importiert</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n already here</source>
      <translation>
        <numerusform>%n bereits hier</numerusform>
        <numerusform>%n bereits hier</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n waiting for a decision</source>
      <translation>
        <numerusform>%n wartet auf eine Entscheidung</numerusform>
        <numerusform>%n warten auf eine Entscheidung</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n in conflict with what is here</source>
      <translation>
        <numerusform>%n im Widerspruch zum Vorhandenen</numerusform>
        <numerusform>%n im Widerspruch zum Vorhandenen</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n unreadable</source>
      <translation>
        <numerusform>%n unlesbar</numerusform>
        <numerusform>%n unlesbar</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n not images (viewer, other files)</source>
      <translation>
        <numerusform>%n keine Bilder (Viewer, andere Dateien)</numerusform>
        <numerusform>%n keine Bilder (Viewer, andere Dateien)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n left out</source>
      <translation>
        <numerusform>%n ausgelassen</numerusform>
        <numerusform>%n ausgelassen</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n file(s) on the disc: </source>
      <translation>
        <numerusform>%n Datei auf der Disc: </numerusform>
        <numerusform>%n Dateien auf der Disc: </numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JobListModel</name>
    <message>
      <source>Waiting</source>
      <translation>Wartet</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>In Arbeit</translation>
    </message>
    <message>
      <source>Paused</source>
      <translation>Angehalten</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Fertig</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Fehlgeschlagen</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Abgebrochen</translation>
    </message>
    <message>
      <source>Checking the images</source>
      <translation>Bilder werden geprüft</translation>
    </message>
    <message>
      <source>Preparing the disc</source>
      <translation>Disc wird vorbereitet</translation>
    </message>
    <message>
      <source>Writing</source>
      <translation>Wird geschrieben</translation>
    </message>
    <message>
      <source>Checking the disc</source>
      <translation>Disc wird geprüft</translation>
    </message>
    <message>
      <source>Importing</source>
      <translation>Wird importiert</translation>
    </message>
    <message>
      <source>Sending</source>
      <translation>Wird gesendet</translation>
    </message>
    <message>
      <source>Estimating time left</source>
      <translation>Restzeit wird geschätzt</translation>
    </message>
    <message>
      <source>Less than a minute left</source>
      <translation>Weniger als eine Minute</translation>
    </message>
    <message numerus="yes">
      <source>About %n minute(s) left</source>
      <translation>
        <numerusform>Noch etwa %n Minute</numerusform>
        <numerusform>Noch etwa %n Minuten</numerusform>
      </translation>
    </message>
    <message>
      <source>Job %1 could not be cancelled: %2</source>
      <translation>Auftrag %1 konnte nicht abgebrochen werden: %2</translation>
    </message>
    <message>
      <source>Job %1 could not be retried: %2</source>
      <translation>Auftrag %1 konnte nicht wiederholt werden: %2</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JsonListModel</name>
    <message>
      <source>Not available on this station yet.</source>
      <translation>Auf dieser Station noch nicht verfügbar.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::KioskApp</name>
    <message>
      <source>Ready</source>
      <translation>Bereit</translation>
    </message>
    <message>
      <source>Working</source>
      <translation>In Arbeit</translation>
    </message>
    <message>
      <source>No disc inside</source>
      <translation>Keine Disc eingelegt</translation>
    </message>
    <message>
      <source>Not connected</source>
      <translation>Nicht verbunden</translation>
    </message>
    <message>
      <source>Needs a person</source>
      <translation>Braucht Hilfe</translation>
    </message>
    <message>
      <source>Taken out of use by an administrator.</source>
      <translation>Von einem Administrator außer Betrieb genommen.</translation>
    </message>
    <message>
      <source>Put a blank disc in the drive.</source>
      <translation>Legen Sie einen Rohling in das Laufwerk.</translation>
    </message>
    <message>
      <source>Check the cable and the power of the drive.</source>
      <translation>Prüfen Sie Kabel und Stromversorgung des Laufwerks.</translation>
    </message>
    <message>
      <source>Open the drive, take the disc out and close it again.</source>
      <translation>Öffnen Sie das Laufwerk, nehmen Sie die Disc heraus und schließen Sie es wieder.</translation>
    </message>
    <message>
      <source>Out of blank discs: fill the %1 bin.</source>
      <translation>Keine Rohlinge mehr: Fach %1 auffüllen.</translation>
    </message>
    <message>
      <source>Few blank discs left in the %1 bin.</source>
      <translation>Nur noch wenige Rohlinge in Fach %1.</translation>
    </message>
    <message>
      <source>Ink low (%1): replace the cartridge.</source>
      <translation>Tinte fast leer (%1): Patrone wechseln.</translation>
    </message>
  </context>
</TS>