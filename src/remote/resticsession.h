#pragma once

#include "core/result.h"
#include "remote/resticrunner.h"
#include "remote/sshconnection.h"

#include <QJsonArray>
#include <QObject>

#include <functional>
#include <optional>

namespace gpufailover {

class RemoteShell;

struct ResticBackup
{
    ResticOutcome outcome;
    std::optional<ResticSummary> summary;
};

// restic run on a remote host (the GPU instance or the CPU VM) over SSH, against one repository.
// The repository, its password and the object-store keys reach restic only through the
// environment of the remote command, read from stdin (never argv, never a log line).
class ResticSession final : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    ResticSession(RemoteShell *shell, SshTarget host, ResticRepo repo, QObject *parent = nullptr);

    // Makes sure the host can run restic: its own, or else `localBinary` (this machine's restic,
    // glibc-linked amd64 like the instances) uploaded into the login's home. Gives restic's version.
    void ensureInstalled(const QString &localBinary, QObject *context, Done<QString> done);
    void init(QObject *context, Done<ResticOutcome> done); // an existing repository is fine
    void backup(const QStringList &paths, const QStringList &tags, const QString &hostName, qint64 timeoutMs,
        QObject *context, Done<ResticBackup> done);
    void restore(const QString &snapshotId, const QString &targetDir, qint64 timeoutMs, QObject *context,
        Done<ResticOutcome> done);
    void restoreLatest(const QString &targetDir, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
    {
        restore(QStringLiteral("latest"), targetDir, timeoutMs, context, std::move(done));
    }
    // `readDataSubset` like "1/5" reads a fifth of the data; empty reads metadata only; "all" reads everything.
    void check(const QString &readDataSubset, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done);
    void snapshots(QObject *context, Done<QJsonArray> done);
    // Removes only the locks restic itself judges stale (their process is gone from the host that
    // made them, or they are over 30 minutes old): what a killed restic leaves behind. A live
    // lock is never touched; the command that needs it reports lock_conflict instead.
    void unlockStale(QObject *context, Done<ResticOutcome> done);
    // The repository's size in the store (bytes of packs after deduplication and compression).
    void repositorySize(QObject *context, Done<qint64> done);
    void forget(int keepLast, int keepHourly, int keepDaily, bool prune, qint64 timeoutMs, QObject *context,
        Done<ResticOutcome> done);

private:
    void run(const QStringList &args, qint64 timeoutMs, QObject *context, std::function<void(Result<ExecResult>)> done);
    // A command whose only answer is how it ended.
    void runOutcome(const QStringList &args, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done);

    RemoteShell *m_shell;
    SshTarget m_host;
    ResticRepo m_repo;
};

} // namespace gpufailover
