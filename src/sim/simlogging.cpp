#include "sim/simlogging.h"

Q_LOGGING_CATEGORY(lcSim, "gpufailover.sim")
