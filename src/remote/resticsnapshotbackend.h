#pragma once

#include "core/snapshotservice.h"
#include "remote/resticrunner.h"

#include <QObject>

#include <memory>

namespace gpufailover {

class RemoteShell;
class ResticSession;

// SnapshotBackend over SSH and restic: the manifest ("sha256 size path" per file) is written on
// the volume before each snapshot, so it travels inside it, and a drill checks a restore against it.
class ResticSnapshotBackend final : public QObject, public SnapshotBackend
{
    Q_OBJECT
public:
    // `localRestic`: uploaded to a host that has no restic; empty = this machine's restic, if any.
    ResticSnapshotBackend(RemoteShell *shell, ResticRepo repo, qint64 timeoutMs = 3600000, QString localRestic = {},
        QObject *parent = nullptr);

    void take(const SshEndpoint &host, qint64 generation, const QStringList &tags, QObject *context,
        std::function<void(Result<Taken>)> done) override;
    void drill(const SshEndpoint &host, const QString &snapshotId, QObject *context,
        std::function<void(Result<Drill>)> done) override;
    void restore(const SshEndpoint &host, const QString &snapshotId, QObject *context,
        std::function<void(Result<Drill>)> done) override;
    void maintain(const SshEndpoint &host, const Maintenance &what, QObject *context,
        std::function<void(Result<Maintained>)> done) override;

    static QString manifestScript(qint64 generation);
    static QString verifyScript(const QString &restoredWorkspace);

private:
    using Session = std::shared_ptr<ResticSession>;
    // A session on `host` once restic is known to run there (installed, or uploaded now).
    void withRestic(const SshEndpoint &host, QObject *context, std::function<void(Result<Session>)> run);
    // Restores `snapshotId` below `targetRoot`, then checks <targetRoot>/workspace against its manifest.
    void restoreAndVerify(const SshEndpoint &host, const QString &snapshotId, const QString &targetRoot,
        const QString &cleanup, QObject *context, std::function<void(Result<Drill>)> done);

    RemoteShell *m_shell;
    ResticRepo m_repo;
    qint64 m_timeoutMs;
    QString m_localRestic;
};

} // namespace gpufailover
