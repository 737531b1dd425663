#include "demo/demologging.h"

Q_LOGGING_CATEGORY(lcDemo, "gpufailover.demo")
