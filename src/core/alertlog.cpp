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

bool AlertLog::firstTime(QObject *source)
{
    if (m_watched.contains(source))
        return false;
    m_watched.insert(source);
    // A later object at the same address is a new source.
    connect(source, &QObject::destroyed, this, [this, source] { m_watched.remove(source); });
    return true;
}

} // namespace gpufailover
