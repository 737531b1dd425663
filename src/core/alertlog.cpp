#include "core/alertlog.h"

#include "core/journal.h"

namespace gpufailover {

AlertLog::AlertLog(Journal *journal, QObject *parent)
    : QObject(parent)
    , m_journal(journal)
{ }

void AlertLog::record(const QString &pool, const QString &kind, const QString &message)
{
    m_journal->append(pool, kKind, { { QStringLiteral("alert"), kind }, { QStringLiteral("message"), message } });
}

} // namespace gpufailover
