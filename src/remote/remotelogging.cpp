#include "remote/remotelogging.h"

Q_LOGGING_CATEGORY(lcSsh, "gpufailover.remote.ssh")
Q_LOGGING_CATEGORY(lcSync, "gpufailover.remote.sync")
Q_LOGGING_CATEGORY(lcSnapshot, "gpufailover.remote.snapshot")
