#include "jobs/devices.h"

#include <algorithm>

namespace discus::jobs {

std::string_view to_string(DeviceKind k) {
  switch (k) {
    case DeviceKind::kOptical: return "optical";
    case DeviceKind::kStdio: return "stdio";
    case DeviceKind::kUsb: return "usb";
  }
  return "optical";
}

DeviceKind classify(const std::string& name) {
  if (name.starts_with("stdio:")) return DeviceKind::kStdio;
  if (name.starts_with("/dev/sr") || name.starts_with("/dev/scd") || name.starts_with("/dev/cdrom") ||
      name.starts_with("/dev/sg"))
    return DeviceKind::kOptical;
  return DeviceKind::kUsb;
}

std::optional<Device> device_from_udev(const UdevFacts& f) {
  if (f.devnode.empty() || (!f.devtype.empty() && f.devtype != "disk")) return std::nullopt;  // not partitions
  Device d;
  d.name = f.devnode;
  d.source = "udev";
  d.model = f.vendor.empty() ? f.model : f.model.empty() ? f.vendor : f.vendor + " " + f.model;
  if (f.id_cdrom == "1" || f.devnode.starts_with("/dev/sr")) {
    d.kind = DeviceKind::kOptical;
    return d;
  }
  const bool usb = f.id_bus == "usb" || f.syspath.find("/usb") != std::string::npos;
  if (usb && (f.removable == "1" || f.id_bus == "usb")) {
    d.kind = DeviceKind::kUsb;
    return d;
  }
  return std::nullopt;
}

void DevicePool::configure(const std::vector<std::string>& drives) {
  std::lock_guard lock(mutex_);
  for (const std::string& d : drives) {
    if (std::any_of(devices_.begin(), devices_.end(), [&](const Device& x) { return x.name == d; })) continue;
    devices_.push_back({d, classify(d), "configured", {}, true});
  }
}

PoolChange DevicePool::apply(const DeviceEvent& e) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(devices_.begin(), devices_.end(), [&](const Device& x) { return x.name == e.device.name; });
  if (e.action == DeviceEvent::kAdd) {
    if (it == devices_.end()) {
      Device d = e.device;
      d.present = true;
      devices_.push_back(std::move(d));
      return PoolChange::kAdded;
    }
    if (!e.device.model.empty()) it->model = e.device.model;
    if (it->present) return PoolChange::kNone;
    it->present = true;
    return PoolChange::kReturned;
  }
  if (it == devices_.end() || !it->present) return PoolChange::kNone;
  it->present = false;
  return PoolChange::kRemoved;
}

std::vector<Device> DevicePool::list() const {
  std::lock_guard lock(mutex_);
  return devices_;
}

std::optional<Device> DevicePool::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const Device& d : devices_)
    if (d.name == name) return d;
  return std::nullopt;
}

}  // namespace discus::jobs
