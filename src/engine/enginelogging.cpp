#include "engine/enginelogging.h"

Q_LOGGING_CATEGORY(lcEngine, "gpufailover.engine")
