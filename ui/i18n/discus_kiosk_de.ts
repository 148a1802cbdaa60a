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
    <message>
      <source>Station settings</source>
      <translation>Stationseinstellungen</translation>
    </message>
    <message>
      <source>Institution, defaults, languages, PACS</source>
      <translation>Einrichtung, Vorgaben, Sprachen, PACS</translation>
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
    <message>
      <source>Protected with a password: it is shown once, on the next screen.</source>
      <translation>Mit Passwort geschützt: Es wird einmal gezeigt, auf der nächsten Seite.</translation>
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
    <message>
      <source>This station</source>
      <translation>Diese Station</translation>
    </message>
    <message>
      <source>Study date, e.g. 2026-12-01</source>
      <translation>Studiendatum, z. B. 2026-12-01</translation>
    </message>
    <message>
      <source>Accession number</source>
      <translation>Auftragsnummer</translation>
    </message>
    <message>
      <source>Fetching…</source>
      <translation>Wird geholt…</translation>
    </message>
    <message>
      <source>Fetch to this station and burn</source>
      <translation>An diese Station holen und brennen</translation>
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
    <message>
      <source>Password for this disc: %1</source>
      <translation>Passwort für diese Disc: %1</translation>
    </message>
    <message>
      <source>Password for this disc</source>
      <translation>Passwort für diese Disc</translation>
    </message>
    <message>
      <source>Shown only now. Write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>Wird nur jetzt gezeigt. Schreiben Sie es auf oder drucken Sie den Zettel, und geben Sie es dem Patienten getrennt von der Disc.</translation>
    </message>
    <message>
      <source>Print the slip</source>
      <translation>Zettel drucken</translation>
    </message>
    <message>
      <source>It is written down</source>
      <translation>Ist aufgeschrieben</translation>
    </message>
    <message>
      <source>Stop after this copy</source>
      <translation>Nach dieser Kopie anhalten</translation>
    </message>
    <message>
      <source>This job stops after the copy in hand; that disc is finished and checked first.</source>
      <translation>Dieser Auftrag hält nach der laufenden Kopie an; diese Disc wird noch fertiggestellt und geprüft.</translation>
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
    <message>
      <source>The fetched study is not in this station's store: %1</source>
      <translation>Die geholte Studie ist nicht im Speicher dieser Station: %1</translation>
    </message>
    <message>
      <source>The store holds %1 of the %2 images fetched; try again in a moment.</source>
      <translation>Der Speicher enthält %1 der %2 geholten Bilder; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
      <source>The robot needs a person.</source>
      <translation>Der Roboter braucht eine Person.</translation>
    </message>
    <message>
      <source>The disc opens only with a password. It is shown once, when the burn starts: write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation>Die Disc öffnet sich nur mit einem Passwort. Es wird einmal gezeigt, wenn das Brennen beginnt: Schreiben Sie es auf oder drucken Sie den Zettel, und geben Sie es dem Patienten getrennt von der Disc.</translation>
    </message>
    <message>
      <source>Password for your disc</source>
      <translation>Passwort für Ihre Disc</translation>
    </message>
    <message>
      <source>Password (type it exactly as printed):</source>
      <translation>Passwort (genau so eingeben wie gedruckt):</translation>
    </message>
    <message>
      <source>The disc is encrypted. When its viewer or another DICOM program asks for a password, type this one. Keep this slip apart from the disc.</source>
      <translation>Die Disc ist verschlüsselt. Wenn ihr Betrachter oder ein anderes DICOM-Programm nach einem Passwort fragt, geben Sie dieses ein. Bewahren Sie diesen Zettel getrennt von der Disc auf.</translation>
    </message>
    <message>
      <source>Made at %1</source>
      <translation>Erstellt am %1</translation>
    </message>
    <message>
      <source>Printing the slip…</source>
      <translation>Der Zettel wird gedruckt…</translation>
    </message>
    <message>
      <source>The slip was sent to the printer.</source>
      <translation>Der Zettel wurde an den Drucker geschickt.</translation>
    </message>
    <message>
      <source>No printer is set up on this station (%1 is missing): write the password down.</source>
      <translation>An dieser Station ist kein Drucker eingerichtet (%1 fehlt): Schreiben Sie das Passwort auf.</translation>
    </message>
    <message>
      <source>The printer refused the slip: %1</source>
      <translation>Der Drucker hat den Zettel abgelehnt: %1</translation>
    </message>
    <message>
      <source>The service did not give the disc's password.</source>
      <translation>Der Dienst hat das Passwort der Disc nicht mitgeteilt.</translation>
    </message>
    <message>
      <source>Stopped as asked: %1 of %2 discs made and checked.</source>
      <translation>Wie gewünscht angehalten: %1 von %2 Discs erstellt und geprüft.</translation>
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
    <message>
      <source>Job %1 · %2 · %3 of %4</source>
      <translation>Auftrag %1 · %2 · %3 von %4</translation>
    </message>
    <message>
      <source>Stops after the copy in hand</source>
      <translation>Hält nach der laufenden Kopie an</translation>
    </message>
    <message>
      <source>Job %1 could not be told to stop after this copy: %2</source>
      <translation>Auftrag %1 konnte nicht nach dieser Kopie angehalten werden: %2</translation>
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
    <message>
      <source>Out of blank discs: load blank discs into the input bin and close the robot.</source>
      <translation>Keine Rohlinge mehr: Legen Sie Rohlinge in das Eingabefach und schließen Sie den Roboter.</translation>
    </message>
    <message>
      <source>A cover of the robot is open: close it.</source>
      <translation>Eine Abdeckung des Roboters ist offen: Schließen Sie sie.</translation>
    </message>
    <message>
      <source>The robot's printer needs a person: clear the jam or close its tray.</source>
      <translation>Der Drucker des Roboters braucht eine Person: Beheben Sie den Stau oder schließen Sie das Fach.</translation>
    </message>
    <message>
      <source>Ink low: replace the cartridge.</source>
      <translation>Wenig Tinte: Ersetzen Sie die Patrone.</translation>
    </message>
    <message>
      <source>A disc was rejected: take it out of the reject bin.</source>
      <translation>Eine Disc wurde aussortiert: Nehmen Sie sie aus dem Ausschussfach.</translation>
    </message>
    <message>
      <source>The robot does not answer: check its power and cable.</source>
      <translation>Der Roboter antwortet nicht: Prüfen Sie Stromversorgung und Kabel.</translation>
    </message>
    <message>
      <source>A job failed at the robot: see Jobs.</source>
      <translation>Ein Auftrag ist am Roboter fehlgeschlagen: Siehe Aufträge.</translation>
    </message>
    <message>
      <source>The robot says: %1</source>
      <translation>Der Roboter meldet: %1</translation>
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
      <translation>Studie</translation>
    </message>
    <message>
      <source>accession %1</source>
      <translation>Auftragsnummer %1</translation>
    </message>
    <message numerus="yes">
      <source>%n image(s)</source>
      <translation>
        <numerusform>%n Bild</numerusform>
        <numerusform>%n Bilder</numerusform>
      </translation>
    </message>
    <message>
      <source>The date is not one this station understands: type it as 2026-12-01, or two dates for a range.</source>
      <translation>Dieses Datum versteht die Station nicht: Geben Sie es als 2026-12-01 ein, oder zwei Daten für einen Zeitraum.</translation>
    </message>
    <message>
      <source>Type a name, an ID, a date or an accession number to search the PACS.</source>
      <translation>Geben Sie einen Namen, eine ID, ein Datum oder eine Auftragsnummer ein, um im PACS zu suchen.</translation>
    </message>
    <message>
      <source>Asking %1…</source>
      <translation>%1 wird gefragt…</translation>
    </message>
    <message>
      <source>Searching a PACS is not available on this station yet.</source>
      <translation>Die Suche im PACS ist an dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>The PACS could not be searched: %1</source>
      <translation>Im PACS konnte nicht gesucht werden: %1</translation>
    </message>
    <message>
      <source>No study found.</source>
      <translation>Keine Studie gefunden.</translation>
    </message>
    <message>
      <source>Only the first %1 studies are shown: search more narrowly.</source>
      <translation>Nur die ersten %1 Studien werden gezeigt: Suchen Sie genauer.</translation>
    </message>
    <message>
      <source>This study is kept on %1. Fetch it to this station to burn it.</source>
      <translation>Diese Studie liegt auf %1. Holen Sie sie an diese Station, um sie zu brennen.</translation>
    </message>
    <message>
      <source>This study is kept on %1, not on this station, and this station may not fetch from it. Ask for it to be sent from the PACS to this station; it then appears under "This station" and can be burnt.</source>
      <translation>Diese Studie liegt auf %1, nicht an dieser Station, und die Station darf von dort nicht holen. Lassen Sie sie vom PACS an diese Station senden; dann erscheint sie unter „Diese Station“ und kann gebrannt werden.</translation>
    </message>
    <message>
      <source>The PACS did not say which study this is (no Study Instance UID).</source>
      <translation>Das PACS hat nicht gesagt, welche Studie das ist (keine Study Instance UID).</translation>
    </message>
    <message>
      <source>Fetching the study from %1… This can take a few minutes.</source>
      <translation>Die Studie wird von %1 geholt… Das kann einige Minuten dauern.</translation>
    </message>
    <message>
      <source>Fetching from a PACS is not available on this station yet.</source>
      <translation>Das Holen aus einem PACS ist an dieser Station noch nicht verfügbar.</translation>
    </message>
    <message>
      <source>The study could not be fetched: %1</source>
      <translation>Die Studie konnte nicht geholt werden: %1</translation>
    </message>
    <message>
      <source>Not all images came from the PACS (%1 sent, %2 failed): %3</source>
      <translation>Nicht alle Bilder kamen vom PACS (%1 gesendet, %2 fehlgeschlagen): %3</translation>
    </message>
    <message>
      <source>The study is on this station now.</source>
      <translation>Die Studie ist jetzt an dieser Station.</translation>
    </message>
  </context>
  <context>
    <name>discus::ui::SettingsModel</name>
    <message>
      <source>Institution name</source>
      <translation>Name der Einrichtung</translation>
    </message>
    <message>
      <source>Default media profile</source>
      <translation>Standard-Medienprofil</translation>
    </message>
    <message>
      <source>Default medium</source>
      <translation>Standardmedium</translation>
    </message>
    <message>
      <source>Days staged images are kept</source>
      <translation>Tage, die vorbereitete Bilder aufbewahrt werden</translation>
    </message>
    <message>
      <source>This station's AE title</source>
      <translation>AE-Titel dieser Station</translation>
    </message>
    <message>
      <source>This station's DICOM port</source>
      <translation>DICOM-Port dieser Station</translation>
    </message>
    <message>
      <source>Media profiles offered (separated by commas; empty: all)</source>
      <translation>Angebotene Medienprofile (durch Kommas getrennt; leer: alle)</translation>
    </message>
    <message>
      <source>Default target (drive, usb, robot or image-dir)</source>
      <translation>Standardziel (drive, usb, robot oder image-dir)</translation>
    </message>
    <message>
      <source>Default number of copies</source>
      <translation>Standardanzahl der Kopien</translation>
    </message>
    <message>
      <source>Label template (a file; empty: the built-in one)</source>
      <translation>Etikettenvorlage (eine Datei; leer: die eingebaute)</translation>
    </message>
    <message>
      <source>Language of the kiosk (en, de, fr or ar)</source>
      <translation>Sprache des Kiosks (en, de, fr oder ar)</translation>
    </message>
    <message>
      <source>Seconds without a touch before the kiosk goes home</source>
      <translation>Sekunden ohne Berührung, bis der Kiosk zum Start zurückkehrt</translation>
    </message>
    <message>
      <source>PACS %1: AE title</source>
      <translation>PACS %1: AE-Titel</translation>
    </message>
    <message>
      <source>PACS %1: host</source>
      <translation>PACS %1: Host</translation>
    </message>
    <message>
      <source>PACS %1: port</source>
      <translation>PACS %1: Port</translation>
    </message>
    <message>
      <source>PACS %1: this station's AE title towards it</source>
      <translation>PACS %1: AE-Titel dieser Station ihm gegenüber</translation>
    </message>
    <message>
      <source>PACS %1: roles (query, retrieve, store-to, import-destination, worklist)</source>
      <translation>PACS %1: Rollen (query, retrieve, store-to, import-destination, worklist)</translation>
    </message>
    <message>
      <source>PACS %1: %2</source>
      <translation>PACS %1: %2</translation>
    </message>
    <message>
      <source>built in</source>
      <translation>eingebaut</translation>
    </message>
    <message>
      <source>from the configuration file</source>
      <translation>aus der Konfigurationsdatei</translation>
    </message>
    <message>
      <source>set here</source>
      <translation>hier festgelegt</translation>
    </message>
    <message>
      <source>from discusd's command line</source>
      <translation>aus der Befehlszeile von discusd</translation>
    </message>
    <message>
      <source>applies after the media service restarts</source>
      <translation>gilt nach dem Neustart des Mediendienstes</translation>
    </message>
    <message>
      <source>Changed, in force after the media service restarts: %1</source>
      <translation>Geändert, gilt nach dem Neustart des Mediendienstes: %1</translation>
    </message>
    <message>
      <source>Settings cannot be changed on this station yet.</source>
      <translation>Einstellungen können an dieser Station noch nicht geändert werden.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Wird gespeichert…</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
      <source>Saved: %1.</source>
      <translation>Gespeichert: %1.</translation>
    </message>
    <message>
      <source>Back to the value from the file or the built-in one: %1.</source>
      <translation>Zurück auf den Wert aus der Datei oder den eingebauten: %1.</translation>
    </message>
    <message>
      <source>A PACS needs a name, an AE title, a host and a port from 1 to 65535.</source>
      <translation>Ein PACS braucht einen Namen, einen AE-Titel, einen Host und einen Port von 1 bis 65535.</translation>
    </message>
    <message>
      <source>PACS %1 added.</source>
      <translation>PACS %1 hinzugefügt.</translation>
    </message>
  </context>
  <context>
    <name>AdminSettingsScreen</name>
    <message>
      <source>Station settings</source>
      <translation>Stationseinstellungen</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Speichern</translation>
    </message>
    <message>
      <source>Save %1</source>
      <translation>%1 speichern</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>Zurücksetzen</translation>
    </message>
    <message>
      <source>Reset %1</source>
      <translation>%1 zurücksetzen</translation>
    </message>
    <message>
      <source>Add a PACS</source>
      <translation>Ein PACS hinzufügen</translation>
    </message>
    <message>
      <source>Name, e.g. pacs2</source>
      <translation>Name, z. B. pacs2</translation>
    </message>
    <message>
      <source>AE title</source>
      <translation>AE-Titel</translation>
    </message>
    <message>
      <source>Host</source>
      <translation>Host</translation>
    </message>
    <message>
      <source>Port</source>
      <translation>Port</translation>
    </message>
    <message>
      <source>Roles, e.g. query, retrieve</source>
      <translation>Rollen, z. B. query, retrieve</translation>
    </message>
    <message>
      <source>Add this PACS</source>
      <translation>Dieses PACS hinzufügen</translation>
    </message>
  </context>
</TS>