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
      <source>Job %1 · %2 · %3 of %4</source>
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
      <source>Encrypted discs are not offered by this station yet.</source>
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
  </context>
</TS>