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

    void init(QObject *context, Done<ResticOutcome> done); // an existing repository is fine
    void backup(const QStringList &paths, const QStringList &tags, const QString &hostName, qint64 timeoutMs,
        QObject *context, Done<ResticBackup> done);
    void restoreLatest(const QString &targetDir, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done);
    // `readDataSubset` like "1/5" reads a fifth of the data; empty reads metadata only; "all" reads everything.
    void check(const QString &readDataSubset, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done);
    void snapshots(QObject *context, Done<QJsonArray> done);
    void forget(int keepLast, int keepHourly, int keepDaily, bool prune, qint64 timeoutMs, QObject *context,
        Done<ResticOutcome> done);

private:
    void run(const QStringList &args, qint64 timeoutMs, QObject *context, std::function<void(Result<ExecResult>)> done);

    RemoteShell *m_shell;
    SshTarget m_host;
    ResticRepo m_repo;
};

} // namespace gpufailover
