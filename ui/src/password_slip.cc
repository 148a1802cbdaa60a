#include "password_slip.h"

#include <QBuffer>
#include <QFont>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QTextOption>

namespace discus::ui {

QByteArray render_password_slip(const SlipText& t) {
  QByteArray out;
  QBuffer buffer(&out);
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter pdf(&buffer);
    pdf.setPageSize(QPageSize(QPageSize::A6));
    pdf.setResolution(300);
    pdf.setTitle(t.title);
    pdf.setCreator(QStringLiteral("discus-kiosk"));
    QPainter p(&pdf);
    const QRect page = p.viewport().adjusted(60, 60, -60, -60);
    QTextOption wrap;
    wrap.setWrapMode(QTextOption::WordWrap);
    wrap.setTextDirection(QGuiApplication::layoutDirection());
    int y = page.top();
    const auto block = [&](const QString& text, int points, bool bold, QFont::StyleHint hint = QFont::SansSerif) {
      if (text.isEmpty()) return;
      QFont f(hint == QFont::Monospace ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
      f.setStyleHint(hint);
      f.setPointSizeF(points);
      f.setBold(bold);
      p.setFont(f);
      const QRectF box(page.left(), y, page.width(), page.bottom() - y);
      const QRectF used = p.boundingRect(box, text, wrap);
      p.drawText(box, text, wrap);
      y += int(used.height()) + 40;
    };
    block(t.title, 13, true);
    block(t.patient, 12, true);
    block(t.study, 9, false);
    y += 20;
    block(t.password_label, 9, false);
    block(t.password, 20, true, QFont::Monospace);
    block(t.advice, 8, false);
    block(t.footer, 7, false);
  }
  return out;
}

void print_pdf(const QByteArray& pdf, QObject* context, std::function<void(PrintOutcome, const QString&)> done) {
  QStringList command = qEnvironmentVariable("DISCUS_KIOSK_PRINT_COMMAND", QStringLiteral("lp -")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
  auto* proc = new QProcess(context);
  proc->setProcessChannelMode(QProcess::MergedChannels);
  QObject::connect(proc, &QProcess::errorOccurred, context, [proc, done, command](QProcess::ProcessError e) {
    if (e != QProcess::FailedToStart) return;
    done(PrintOutcome::kNoPrinter, command.value(0));
    proc->deleteLater();
  });
  QObject::connect(proc, &QProcess::finished, context, [proc, done](int code, QProcess::ExitStatus status) {
    const QString said = QString::fromUtf8(proc->readAll()).trimmed().left(300);
    done(status == QProcess::NormalExit && code == 0 ? PrintOutcome::kPrinted : PrintOutcome::kRefused, said);
    proc->deleteLater();
  });
  proc->start(command.value(0), command.mid(1));
  proc->write(pdf);
  proc->closeWriteChannel();
}

}  // namespace discus::ui
