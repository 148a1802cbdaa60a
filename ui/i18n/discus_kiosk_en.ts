<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
  <context>
    <name>AdminPinScreen</name>
    <message>
      <source>Administration</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Enter the administrator PIN.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PIN</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unlock</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Or sign in with your name and password:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign in with your name and password:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign in</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>AdminScreen</name>
    <message>
      <source>Administration</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Lock and go back</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Users and roles</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%1 (%2): %3</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>disabled</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Audit trail, newest first</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%1 · %2 · %3 · %4</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Station PIN (4 to 12 digits)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>New PIN</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save PIN</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Station settings</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Institution, defaults, languages, PACS</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>BurnConfirmScreen</name>
    <message>
      <source>Is this the right patient?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Patient shown on the disc after it is read</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Patient: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Born %1</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>%n copy/copies on %1</source>
      <translation>
        <numerusform>%n copy on %1</numerusform>
        <numerusform>%n copies on %1</numerusform>
      </translation>
    </message>
    <message>
      <source>CD</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>DVD</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>USB stick</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Disc robot</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No, go back</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Yes, make the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Protected with a password: it is shown once, on the next screen.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>BurnFindScreen</name>
    <message>
      <source>Which study?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Patient name or ID</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Search</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The local store cannot be searched on this station yet. Use a folder below.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No study found.</source>
      <translation type="unfinished" />
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
      <translation type="unfinished" />
    </message>
    <message>
      <source>Or burn a folder of DICOM files</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Folder</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Use this folder</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>still arriving</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This station</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Study date, e.g. 2026-12-01</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Accession number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fetching…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fetch to this station and burn</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>BurnOptionsScreen</name>
    <message>
      <source>Disc and copies</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>CD</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>DVD</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>USB stick</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Disc robot</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Medium: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Copies</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>One copy less</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>%n copies</source>
      <translation>
        <numerusform>%n copy</numerusform>
        <numerusform>%n copies</numerusform>
      </translation>
    </message>
    <message>
      <source>One copy more</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Protect with a password</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Next: check the patient</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>BurnProgressScreen</name>
    <message>
      <source>The discs are ready</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The disc could not be made</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Making the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>%1 of %n disc(s) done</source>
      <translation>
        <numerusform>%1 of %n disc done</numerusform>
        <numerusform>%1 of %n discs done</numerusform>
      </translation>
    </message>
    <message>
      <source>Every disc was read back and checked. Take them from the drive.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stop this job</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Change and try again</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Back to the start</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password for this disc: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password for this disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Shown only now. Write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print the slip</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>It is written down</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stop after this copy</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This job stops after the copy in hand; that disc is finished and checked first.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>DevicesScreen</name>
    <message>
      <source>Drives and robots</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No drive is connected.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%1 · %2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Inside: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Disc robots</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Disc robots are not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No disc robot is configured.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>HomeScreen</name>
    <message>
      <source>Media station</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Media station %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No discs are being made right now.</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>%n job(s) waiting or running.</source>
      <translation>
        <numerusform>%n job waiting or running.</numerusform>
        <numerusform>%n jobs waiting or running.</numerusform>
      </translation>
    </message>
    <message>
      <source>Burn a disc for a patient</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import a disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Jobs</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>%n active</source>
      <translation>
        <numerusform>%n active</numerusform>
        <numerusform>%n active</numerusform>
      </translation>
    </message>
    <message>
      <source>Drives and robots</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Administration</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Normal colours</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>High contrast</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Language: %1</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>ImportScreen</name>
    <message>
      <source>What is on the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Import a disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Put the disc in a drive, then choose the drive.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Read the disc in %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reading the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The inventory is not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Decisions waiting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Decisions are not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Nothing to decide.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Do not import</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Back to the start</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>On the disc</source>
      <translation>On the disc</translation>
    </message>
    <message>
      <source>Here</source>
      <translation>Here</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Patient ID</source>
      <translation>Patient ID</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>Birth date</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>Sex</translation>
    </message>
    <message>
      <source>no match</source>
      <translation>no match</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>Import finished.</translation>
    </message>
    <message>
      <source>Waiting for your decision.</source>
      <translation>Waiting for your decision.</translation>
    </message>
    <message>
      <source>Same patient: import as the patient here</source>
      <translation>Same patient: import as the patient here</translation>
    </message>
    <message>
      <source>Send it again</source>
      <translation>Send it again</translation>
    </message>
  </context>
  <context>
    <name>KioskRoot</name>
    <message>
      <source>The media service restarted. Reconnecting…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Waiting for the media service…</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Discus media station</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>QueueScreen</name>
    <message>
      <source>Jobs</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No jobs yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Job %1: %2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Progress: %1 percent</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Show</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancel</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancel job %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Retry</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Retry job %1</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>ScreenHeader</name>
    <message>
      <source>Back</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::AdminSession</name>
    <message>
      <source>Media made</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Media imported</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Security alert</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sign-in</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Service started or stopped</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Images accessed or deleted</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Audit log read</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Images sent or received</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name or password is wrong.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Only administrators may open this area.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Too many wrong PINs. Wait a minute.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>administrator</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No PIN is set. Sign in with your name and password.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A PIN has 4 to 12 digits.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PIN saved.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The PIN could not be saved.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::BurnFlow</name>
    <message>
      <source>Folder %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Choose a study first.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This station has no disc robot.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No robot is ready.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Insert a USB stick.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No disc drive is ready.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>%1 of %2, %3 images</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Study</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The job was cancelled.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The service gave no reason.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The disc could not be read back: verify found 3 files that differ.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The service did not say where this study is kept.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The fetched study is not in this station's store: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The store holds %1 of the %2 images fetched; try again in a moment.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The robot needs a person.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The disc opens only with a password. It is shown once, when the burn starts: write it down or print the slip, and give it to the patient apart from the disc.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password for your disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password (type it exactly as printed):</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The disc is encrypted. When its viewer or another DICOM program asks for a password, type this one. Keep this slip apart from the disc.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Made at %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Printing the slip…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The slip was sent to the printer.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No printer is set up on this station (%1 is missing): write the password down.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The printer refused the slip: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The service did not give the disc's password.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stopped as asked: %1 of %2 discs made and checked.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::ImportFlow</name>
    <message>
      <source>Waiting for your decision</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Importing discs is not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The disc could not be read.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>male</source>
      <translation>male</translation>
    </message>
    <message>
      <source>female</source>
      <translation>female</translation>
    </message>
    <message>
      <source>other</source>
      <translation>other</translation>
    </message>
    <message>
      <source>not given</source>
      <translation>not given</translation>
    </message>
    <message>
      <source>Looking at the disc</source>
      <translation>Looking at the disc</translation>
    </message>
    <message>
      <source>Reading the disc and finding the patients here</source>
      <translation>Reading the disc and finding the patients here</translation>
    </message>
    <message>
      <source>Sending: %1 of %2</source>
      <translation>Sending: %1 of %2</translation>
    </message>
    <message>
      <source>Sending: %1</source>
      <translation>Sending: %1</translation>
    </message>
    <message>
      <source>Here: %1</source>
      <translation>Here: %1</translation>
    </message>
    <message>
      <source>chosen by a person</source>
      <translation>chosen by a person</translation>
    </message>
    <message>
      <source>found in the worklist</source>
      <translation>found in the worklist</translation>
    </message>
    <message>
      <source>Not imported: rejected</source>
      <translation>Not imported: rejected</translation>
    </message>
    <message>
      <source>Is the patient on the disc the patient here?</source>
      <translation>Is the patient on the disc the patient here?</translation>
    </message>
    <message>
      <source>Sending was interrupted: the PACS may already have %1. Send it again?</source>
      <translation>Sending was interrupted: the PACS may already have %1. Send it again?</translation>
    </message>
    <message>
      <source>Waiting for the station</source>
      <translation>Waiting for the station</translation>
    </message>
    <message>
      <source>Continuing the import</source>
      <translation>Continuing the import</translation>
    </message>
    <message numerus="yes">
      <source>%n instance(s)</source>
      <translation>
        <numerusform>%n instance</numerusform>
        <numerusform>%n instances</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n imported</source>
      <translation>
        <numerusform>%n imported</numerusform>
        <numerusform>%n imported</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n already here</source>
      <translation>
        <numerusform>%n already here</numerusform>
        <numerusform>%n already here</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n waiting for a decision</source>
      <translation>
        <numerusform>%n waiting for a decision</numerusform>
        <numerusform>%n waiting for a decision</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n in conflict with what is here</source>
      <translation>
        <numerusform>%n in conflict with what is here</numerusform>
        <numerusform>%n in conflict with what is here</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n unreadable</source>
      <translation>
        <numerusform>%n unreadable</numerusform>
        <numerusform>%n unreadable</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n not images (viewer, other files)</source>
      <translation>
        <numerusform>%n not an image (viewer, other files)</numerusform>
        <numerusform>%n not images (viewer, other files)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n left out</source>
      <translation>
        <numerusform>%n left out</numerusform>
        <numerusform>%n left out</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n file(s) on the disc: </source>
      <translation>
        <numerusform>%n file on the disc: </numerusform>
        <numerusform>%n files on the disc: </numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>discus::ui::JobListModel</name>
    <message>
      <source>Waiting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Working</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Paused</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Done</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Failed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cancelled</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Checking the images</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Preparing the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Writing</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Checking the disc</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Importing</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sending</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Estimating time left</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Less than a minute left</source>
      <translation type="unfinished" />
    </message>
    <message numerus="yes">
      <source>About %n minute(s) left</source>
      <translation>
        <numerusform>About %n minute left</numerusform>
        <numerusform>About %n minutes left</numerusform>
      </translation>
    </message>
    <message>
      <source>Job %1 could not be cancelled: %2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Job %1 could not be retried: %2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Job %1 · %2 · %3 of %4</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Stops after the copy in hand</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Job %1 could not be told to stop after this copy: %2</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::JsonListModel</name>
    <message>
      <source>Not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::KioskApp</name>
    <message>
      <source>Ready</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Working</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No disc inside</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not connected</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Needs a person</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Taken out of use by an administrator.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Put a blank disc in the drive.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Check the cable and the power of the drive.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Open the drive, take the disc out and close it again.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Out of blank discs: fill the %1 bin.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Few blank discs left in the %1 bin.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Ink low (%1): replace the cartridge.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Out of blank discs: load blank discs into the input bin and close the robot.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A cover of the robot is open: close it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The robot's printer needs a person: clear the jam or close its tray.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Ink low: replace the cartridge.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A disc was rejected: take it out of the reject bin.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The robot does not answer: check its power and cable.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A job failed at the robot: see Jobs.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The robot says: %1</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::PacsSearch</name>
    <message>
      <source>PACS %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Study</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>accession %1</source>
      <translation type="unfinished" />
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
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type a name, an ID, a date or an accession number to search the PACS.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Asking %1…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Searching a PACS is not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The PACS could not be searched: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No study found.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Only the first %1 studies are shown: search more narrowly.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This study is kept on %1. Fetch it to this station to burn it.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This study is kept on %1, not on this station, and this station may not fetch from it. Ask for it to be sent from the PACS to this station; it then appears under "This station" and can be burnt.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The PACS did not say which study this is (no Study Instance UID).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fetching the study from %1… This can take a few minutes.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fetching from a PACS is not available on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The study could not be fetched: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not all images came from the PACS (%1 sent, %2 failed): %3</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The study is on this station now.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>discus::ui::SettingsModel</name>
    <message>
      <source>Institution name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Default media profile</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Default medium</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Days staged images are kept</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This station's AE title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This station's DICOM port</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Media profiles offered (separated by commas; empty: all)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Default target (drive, usb, robot or image-dir)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Default number of copies</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Label template (a file; empty: the built-in one)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Language of the kiosk (en, de, fr or ar)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Seconds without a touch before the kiosk goes home</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: AE title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: host</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: port</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: this station's AE title towards it</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: roles (query, retrieve, store-to, import-destination, worklist)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1: %2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>built in</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>from the configuration file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>set here</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>from discusd's command line</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>applies after the media service restarts</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Changed, in force after the media service restarts: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Settings cannot be changed on this station yet.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saving…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saved: %1.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Back to the value from the file or the built-in one: %1.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A PACS needs a name, an AE title, a host and a port from 1 to 65535.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>PACS %1 added.</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>AdminSettingsScreen</name>
    <message>
      <source>Station settings</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Save %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reset</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reset %1</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add a PACS</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name, e.g. pacs2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>AE title</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Host</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Port</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Roles, e.g. query, retrieve</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Add this PACS</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>