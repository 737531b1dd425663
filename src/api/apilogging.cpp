#include "api/apilogging.h"

Q_LOGGING_CATEGORY(lcApi, "gpufailover.api")
