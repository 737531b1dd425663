#pragma once

#include "core/snapshotservice.h"
#include "remote/resticrunner.h"

#include <QObject>

namespace gpufailover {

class RemoteShell;

// SnapshotBackend over SSH and restic: the manifest ("sha256 size path" per file) is written on
// the volume before each snapshot, so it travels inside it, and a drill checks a restore against it.
class ResticSnapshotBackend final : public QObject, public SnapshotBackend
{
    Q_OBJECT
public:
    ResticSnapshotBackend(RemoteShell *shell, ResticRepo repo, qint64 timeoutMs = 3600000, QObject *parent = nullptr);

    void take(const SshEndpoint &host, qint64 generation, const QStringList &tags, QObject *context,
        std::function<void(Result<Taken>)> done) override;
    void drill(const SshEndpoint &host, QObject *context, std::function<void(Result<Drill>)> done) override;

    static QString manifestScript(qint64 generation);
    static QString verifyScript(const QString &restoredWorkspace);

private:
    RemoteShell *m_shell;
    ResticRepo m_repo;
    qint64 m_timeoutMs;
};

} // namespace gpufailover
