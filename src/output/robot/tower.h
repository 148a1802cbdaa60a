// discus::output::robot — a local tower: this machine's own drives behind the robot interface.
//
// A person is the robot's arm: for each disc the tower asks them to load a blank into a free
// drive, burns the job's ISO image there through libburn (output/burn, the code `discus burn`
// uses), reads the disc back and verifies it (output/verify: manifest, DICOMDIR), ejects it and
// asks them to take it (and to put a failed one aside: a reject). The questions are alerts the
// operator acknowledges (Robot::acknowledge, /v1/robots/tower/alerts/{id}/acknowledge); a libburn
// stdio: pseudo-drive needs no person (its blank is an absent file; tests and demos).
// State lives in this process only: after a restart the daemon takes an unknown tower job's disc
// as interrupted (rejected, remade), never as made.
//   auto t = make_tower({"/dev/sr0", "/dev/sr1"});  t->submit(job);  ... t->acknowledge(Condition::kOutOfMedia);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/robot/robot.h"

namespace discus::output::robot {

// "tower:/dev/sr0,/dev/sr1" names the drives after the colon.
std::unique_ptr<Robot> make_tower(const std::vector<std::string>& drives);

}  // namespace discus::output::robot
