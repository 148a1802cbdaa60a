#include "idle_watcher.h"

#include <QEvent>

namespace discus::ui {

IdleWatcher::IdleWatcher(int timeout_ms, QObject* parent) : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setInterval(timeout_ms);
  connect(&timer_, &QTimer::timeout, this, &IdleWatcher::idle);
  timer_.start();
}

void IdleWatcher::set_timeout_ms(int ms) {
  timer_.setInterval(std::max(100, ms));
  timer_.start();
  emit timeoutChanged();
}

void IdleWatcher::poke() { timer_.start(); }

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
    case QEvent::Wheel:
      timer_.start();
      break;
    default:
      break;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace discus::ui
