// The drive pool: configured drives, udev facts read as optical drives or USB sticks (and
// partitions, hard disks and nodeless devices left out), hotplug add/remove/return, and a real
// enumeration through libudev (whatever this machine has; a container has no optical drive).
#include "jobs/devices.h"

#include <gtest/gtest.h>

namespace discus::jobs {
namespace {

TEST(Devices, ConfiguredDrivesAreClassifiedByName) {
  EXPECT_EQ(classify("stdio:/tmp/a.iso"), DeviceKind::kStdio);
  EXPECT_EQ(classify("/dev/sr0"), DeviceKind::kOptical);
  EXPECT_EQ(classify("/dev/sdb"), DeviceKind::kUsb);
  DevicePool pool;
  pool.configure({"stdio:/tmp/a.iso", "/dev/sr0", "/dev/sr0"});
  const auto all = pool.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, "configured");
  EXPECT_TRUE(all[1].present);
}

TEST(Devices, UdevFactsMakeOpticalDrivesAndSticksOnly) {
  UdevFacts sr{"/dev/sr0", "disk", "/sys/devices/pci0000:00/ata1/block/sr0", "1", "ata", "1", "HL-DT-ST", "DVDRAM"};
  auto d = device_from_udev(sr);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, DeviceKind::kOptical);
  EXPECT_EQ(d->model, "HL-DT-ST DVDRAM");
  EXPECT_EQ(d->source, "udev");
  // No udev database (a container): the node name still says optical.
  EXPECT_TRUE(device_from_udev({"/dev/sr1", "disk", "/sys/block/sr1", "", "", "1", "", ""}));
  UdevFacts stick{"/dev/sdb", "disk", "/sys/devices/pci0000:00/usb2/2-1/host6/block/sdb", "", "usb", "1", "SanDisk", "Cruzer"};
  ASSERT_TRUE(device_from_udev(stick));
  EXPECT_EQ(device_from_udev(stick)->kind, DeviceKind::kUsb);
  UdevFacts part = stick;
  part.devnode = "/dev/sdb1";
  part.devtype = "partition";
  EXPECT_FALSE(device_from_udev(part));
  EXPECT_FALSE(device_from_udev({"/dev/vda", "disk", "/sys/devices/pci0000:00/virtio1/block/vda", "", "", "0", "", ""}));
  EXPECT_FALSE(device_from_udev({"", "disk", "/sys/devices/virtual/block/loop0", "", "", "0", "", ""}));
}

TEST(Devices, HotplugAddRemoveAndReturn) {
  DevicePool pool;
  pool.configure({"stdio:/tmp/a.iso"});
  Device sr{"/dev/sr0", DeviceKind::kOptical, "udev", "drive", true};
  EXPECT_EQ(pool.apply({DeviceEvent::kAdd, sr}), PoolChange::kAdded);
  EXPECT_EQ(pool.apply({DeviceEvent::kAdd, sr}), PoolChange::kNone);
  EXPECT_EQ(pool.apply({DeviceEvent::kRemove, sr}), PoolChange::kRemoved);
  ASSERT_TRUE(pool.find("/dev/sr0"));
  EXPECT_FALSE(pool.find("/dev/sr0")->present);  // remembered, absent
  EXPECT_EQ(pool.apply({DeviceEvent::kRemove, sr}), PoolChange::kNone);
  EXPECT_EQ(pool.apply({DeviceEvent::kAdd, sr}), PoolChange::kReturned);
  EXPECT_TRUE(pool.find("/dev/sr0")->present);
  EXPECT_EQ(pool.list().size(), 2u);
  EXPECT_EQ(pool.apply({DeviceEvent::kRemove, {"/dev/sr7", DeviceKind::kOptical, "udev", "", true}}), PoolChange::kNone);
}

// Real libudev: enumeration runs (this container's block devices are virtio disks: none is
// ours) and the monitor answers within its timeout. Where sysfs is absent, kUnsupported.
TEST(Devices, LibudevEnumeratesAndMonitorTimesOut) {
  auto src = open_udev_source();
  if (!src) {
    EXPECT_EQ(src.error().code, base::ErrorCode::kUnsupported);
    GTEST_SKIP() << src.error().describe();
  }
  auto found = (*src)->enumerate();
  ASSERT_TRUE(found) << found.error().describe();
  for (const Device& d : *found) EXPECT_TRUE(d.kind == DeviceKind::kOptical || d.kind == DeviceKind::kUsb) << d.name;
  auto ev = (*src)->next(100);
  if (!ev) {
    EXPECT_EQ(ev.error().code, base::ErrorCode::kUnsupported) << ev.error().describe();
  }
}

}  // namespace
}  // namespace discus::jobs
