// discus::ui — the privacy timeout (issue 20 "Privacy"): any touch, click or key restarts a timer;
// when it runs out the kiosk goes home and forgets the patient and the administrator's session.
// An event filter on the application, so no screen can forget to report activity.
//   IdleWatcher w(120000); QGuiApplication::instance()->installEventFilter(&w);
#pragma once

#include <QObject>
#include <QTimer>

namespace discus::ui {

class IdleWatcher : public QObject {
  Q_OBJECT
  Q_PROPERTY(int timeoutMs READ timeout_ms WRITE set_timeout_ms NOTIFY timeoutChanged)
 public:
  explicit IdleWatcher(int timeout_ms, QObject* parent = nullptr);
  int timeout_ms() const { return timer_.interval(); }
  void set_timeout_ms(int ms);
  Q_INVOKABLE void poke();  // activity that is not an input event (a test, a job finishing)
  bool eventFilter(QObject* watched, QEvent* event) override;

 signals:
  void idle();
  void timeoutChanged();

 private:
  QTimer timer_;
};

}  // namespace discus::ui
