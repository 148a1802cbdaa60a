// discus::output::robot — a local tower: this machine's own drives behind the robot interface.
//
// A person is the robot's arm: for each disc the tower asks them to load a blank into a free
// drive, burns the job's ISO image there through libburn (output/burn, the code `discus burn`
// uses), reads the disc back and verifies it (output/verify: manifest, DICOMDIR), ejects it and
// asks them to take it (and to put a failed one aside: a reject). The questions are alerts the
// operator acknowledges (Robot::acknowledge, /v1/robots/tower/alerts/{id}/acknowledge); a libburn
// stdio: pseudo-drive needs no person (its blank is an absent file; tests and demos).
// Its state is kept across a restart of the service in `state_dir` (one STATE_DIR/<job>.tower per
// job, written atomically at each change: discs asked, good, rejected, and which disc is in which
// drive). After a restart a disc that was in a drive is read back before anything else: verified,
// it counts as made ("finished before the restart"); otherwise it is a reject recorded as
// interrupted by the restart, and the next blank makes it again. Never silently remade.
//   auto t = make_tower({"/dev/sr0", "/dev/sr1"}, "/var/lib/discus/robots/tower");  t->submit(job);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/robot/robot.h"

namespace discus::output::robot {

// "tower:/dev/sr0,/dev/sr1" names the drives after the colon.
// An empty `state_dir`: state in this process only.
std::unique_ptr<Robot> make_tower(const std::vector<std::string>& drives, const fs::path& state_dir);

}  // namespace discus::output::robot
