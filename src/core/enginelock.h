#pragma once

#include <QLockFile>
#include <QString>

namespace gpufailover {

// One engine per set of pools: a lock file in the data dir, so a second daemon, desktop app or
// lab on the same pools finds them driven and stays out. A lock left by a crashed engine is
// taken over (its process is gone).
class EngineLock final
{
public:
    explicit EngineLock(const QString &dataDir);
    bool tryLock();
    // Who holds it, for the message that says why this engine does not start.
    QString holder() const;

private:
    QLockFile m_file;
};

} // namespace gpufailover
