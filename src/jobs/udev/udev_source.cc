// discus::jobs::udev — the DeviceSource over libudev (libudev.h is included here only).
//
// enumerate(): block devices of type "disk" under /sys, each read as UdevFacts and judged by
// device_from_udev(). next(): a udev monitor on the "udev" netlink group (events after udevd
// has processed them, so ID_CDROM and friends are set), filtered to block/disk, polled with a
// timeout so the scheduler's watcher thread can stop.
#include <libudev.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "jobs/devices.h"

namespace discus::jobs {
namespace {

using base::Error;
using base::ErrorCode;

std::string value(const char* s) { return s ? std::string(s) : std::string(); }

UdevFacts facts_of(udev_device* d) {
  UdevFacts f;
  f.devnode = value(udev_device_get_devnode(d));
  f.devtype = value(udev_device_get_devtype(d));
  f.syspath = value(udev_device_get_syspath(d));
  f.id_cdrom = value(udev_device_get_property_value(d, "ID_CDROM"));
  f.id_bus = value(udev_device_get_property_value(d, "ID_BUS"));
  f.removable = value(udev_device_get_sysattr_value(d, "removable"));
  f.vendor = value(udev_device_get_property_value(d, "ID_VENDOR"));
  f.model = value(udev_device_get_property_value(d, "ID_MODEL"));
  return f;
}

class UdevSource final : public DeviceSource {
 public:
  explicit UdevSource(udev* u) : udev_(u) {}
  ~UdevSource() override {
    if (monitor_) udev_monitor_unref(monitor_);
    udev_unref(udev_);
  }
  UdevSource(const UdevSource&) = delete;
  UdevSource& operator=(const UdevSource&) = delete;

  base::Result<std::vector<Device>> enumerate() override {
    udev_enumerate* e = udev_enumerate_new(udev_);
    if (!e) return Error{ErrorCode::kIo, "udev: cannot enumerate devices"};
    udev_enumerate_add_match_subsystem(e, "block");
    udev_enumerate_add_match_property(e, "DEVTYPE", "disk");
    std::vector<Device> out;
    if (udev_enumerate_scan_devices(e) >= 0) {
      udev_list_entry* entry = nullptr;
      udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e)) {
        udev_device* d = udev_device_new_from_syspath(udev_, udev_list_entry_get_name(entry));
        if (!d) continue;
        if (auto dev = device_from_udev(facts_of(d))) out.push_back(std::move(*dev));
        udev_device_unref(d);
      }
    }
    udev_enumerate_unref(e);
    return out;
  }

  base::Result<std::optional<DeviceEvent>> next(int timeout_ms) override {
    if (!monitor_) {
      monitor_ = udev_monitor_new_from_netlink(udev_, "udev");
      if (!monitor_) return Error{ErrorCode::kUnsupported, "udev: no monitor (netlink refused)"};
      udev_monitor_filter_add_match_subsystem_devtype(monitor_, "block", "disk");
      if (udev_monitor_enable_receiving(monitor_) < 0)
        return Error{ErrorCode::kUnsupported, "udev: the monitor cannot receive events"};
    }
    pollfd p{udev_monitor_get_fd(monitor_), POLLIN, 0};
    const int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0 && errno != EINTR) return Error{ErrorCode::kIo, fmt::format("udev: poll: {}", std::strerror(errno))};
    if (rc <= 0) return std::optional<DeviceEvent>();
    udev_device* d = udev_monitor_receive_device(monitor_);
    if (!d) return std::optional<DeviceEvent>();
    const std::string action = value(udev_device_get_action(d));
    std::optional<DeviceEvent> event;
    if (auto dev = device_from_udev(facts_of(d))) {
      if (action == "add" || action == "change") event = DeviceEvent{DeviceEvent::kAdd, std::move(*dev)};
      else if (action == "remove") event = DeviceEvent{DeviceEvent::kRemove, std::move(*dev)};
    }
    udev_device_unref(d);
    return event;
  }

 private:
  udev* udev_;
  udev_monitor* monitor_ = nullptr;
};

}  // namespace

base::Result<std::unique_ptr<DeviceSource>> open_udev_source() {
  std::error_code ec;
  if (!std::filesystem::exists("/sys/class/block", ec))
    return Error{ErrorCode::kUnsupported, "udev: no /sys/class/block (no sysfs here)"};
  udev* u = udev_new();
  if (!u) return Error{ErrorCode::kUnsupported, "udev: cannot start libudev"};
  return std::unique_ptr<DeviceSource>(new UdevSource(u));
}

}  // namespace discus::jobs
