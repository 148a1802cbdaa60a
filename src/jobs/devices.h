// discus::jobs — the drive pool: the devices a station writes to, configured or discovered.
//
// Configured drives (--drive /dev/srN or stdio:PATH) are always in the pool. With discovery on,
// optical drives (udev subsystem "block", ID_CDROM=1) and USB sticks (ID_BUS=usb, removable,
// a whole disk) are found by enumerating udev at start and then followed through a udev monitor
// (hotplug: "add" puts a drive in the pool, "remove" marks it absent so its lane takes nothing
// new). libudev itself sits in jobs/udev/ (the one adapter folder); this header knows only our
// own types, so the pool's logic is tested with a fake DeviceSource.
//   DevicePool pool;  pool.configure({"stdio:/tmp/d1.iso"});
//   DISCUS_TRY(auto src, open_udev_source());  for (auto& d : src->enumerate().value()) pool.apply({DeviceEvent::kAdd, d});
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::jobs {

enum class DeviceKind { kOptical, kStdio, kUsb };
std::string_view to_string(DeviceKind k);  // "optical", "stdio", "usb"

struct Device {
  std::string name;  // what a job names as its drive: "/dev/sr0", "stdio:/tmp/d1.iso", "/dev/sdb"
  DeviceKind kind = DeviceKind::kOptical;
  std::string source = "configured";  // or "udev"
  std::string model;                  // ID_VENDOR ID_MODEL when udev knows them
  bool present = true;
};

// The kind a configured name stands for: stdio: pseudo-drives, /dev/sr* optical, else USB.
DeviceKind classify(const std::string& name);

struct DeviceEvent {
  enum Action { kAdd, kRemove } action = kAdd;
  Device device;
};

// What udev says about one block device, and the pool's reading of it: an optical drive
// (ID_CDROM=1, or a /dev/sr* node where the udev database is absent), or a USB stick (a whole
// disk on ID_BUS=usb, or removable under a USB sysfs path); anything else is not ours (nullopt).
struct UdevFacts {
  std::string devnode, devtype, syspath;  // "/dev/sr0", "disk", "/sys/devices/..."
  std::string id_cdrom, id_bus, removable, vendor, model;
};
std::optional<Device> device_from_udev(const UdevFacts& facts);

// Where discovered devices come from (udev in the daemon, a fake in tests).
class DeviceSource {
 public:
  virtual ~DeviceSource() = default;
  virtual base::Result<std::vector<Device>> enumerate() = 0;
  // The next hotplug event, or nullopt after `timeout_ms` without one.
  virtual base::Result<std::optional<DeviceEvent>> next(int timeout_ms) = 0;
};

// libudev enumeration and monitor (jobs/udev/udev_source.cc). kUnsupported when udev cannot be
// reached (no /run/udev in a container): the station runs with its configured drives only.
base::Result<std::unique_ptr<DeviceSource>> open_udev_source();

// What a change did to the pool, so the scheduler starts or retires a lane.
enum class PoolChange { kNone, kAdded, kReturned, kRemoved };

// Thread-safe. A device is never forgotten once seen: a removed drive stays, absent, so the
// API can say where the job it last ran went; plugged in again it comes back under its name.
class DevicePool {
 public:
  void configure(const std::vector<std::string>& drives);
  PoolChange apply(const DeviceEvent& event);
  std::vector<Device> list() const;
  std::optional<Device> find(const std::string& name) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Device> devices_;
};

}  // namespace discus::jobs
