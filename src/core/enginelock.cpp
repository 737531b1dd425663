#include "core/enginelock.h"

#include <QDir>

namespace gpufailover {

EngineLock::EngineLock(const QString &dataDir)
    : m_file(QDir(dataDir).filePath(QStringLiteral("engine.lock")))
{
    m_file.setStaleLockTime(0); // only a dead holder's lock is stale, however old
}

bool EngineLock::tryLock()
{
    return m_file.tryLock(100);
}

QString EngineLock::holder() const
{
    qint64 pid = 0;
    QString host, appName;
    if (!m_file.getLockInfo(&pid, &host, &appName))
        return QStringLiteral("another engine");
    return QStringLiteral("another engine (%1, pid %2)").arg(appName).arg(pid);
}

} // namespace gpufailover
