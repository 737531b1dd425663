#include "providers/providerslogging.h"

Q_LOGGING_CATEGORY(lcVast, "gpufailover.providers.vast")
Q_LOGGING_CATEGORY(lcGcp, "gpufailover.providers.gcp")
Q_LOGGING_CATEGORY(lcHttp, "gpufailover.providers.http")
