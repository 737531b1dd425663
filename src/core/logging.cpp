#include "core/logging.h"

Q_LOGGING_CATEGORY(lcCore, "gpufailover.core")
Q_LOGGING_CATEGORY(lcJournal, "gpufailover.core.journal")
Q_LOGGING_CATEGORY(lcSettings, "gpufailover.core.settings")
Q_LOGGING_CATEGORY(lcSecrets, "gpufailover.core.secrets")
Q_LOGGING_CATEGORY(lcHealth, "gpufailover.core.health")

#if defined(QT_GUI_LIB) || defined(QT_WIDGETS_LIB)
#error "gpufailover_core must not link Qt Gui or Widgets"
#endif
