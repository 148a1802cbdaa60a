// discus::ui — the slip that goes with an encrypted disc (issue 20: "a password shown once and
// printed on a slip"): the patient's name, the study, the date and the password large, and how
// to open the disc, as a one-page PDF made in memory (QPdfWriter) and handed to the station's
// printer on a pipe (`lp -`, CUPS; DISCUS_KIOSK_PRINT_COMMAND names another), so the password
// never touches the disk. The disc's PS3.10 7.4 secure files open with it (openssl cms
// -pwri_password, or the viewer on the disc).
//   QByteArray pdf = render_password_slip({name, birth, study, password, institution});
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace discus::ui {

struct SlipText {
  QString title, patient, study, password_label, password, advice, footer;
};

// One A6 page, portrait; the words come translated from the caller.
QByteArray render_password_slip(const SlipText& text);

// Runs the print command with the PDF on its standard input; done() on the GUI thread with the
// outcome and the command's name (no printer) or its own words (refused). The command:
// DISCUS_KIOSK_PRINT_COMMAND (split on spaces) or "lp -".
enum class PrintOutcome { kPrinted, kNoPrinter, kRefused };
void print_pdf(const QByteArray& pdf, QObject* context, std::function<void(PrintOutcome, const QString&)> done);

}  // namespace discus::ui
