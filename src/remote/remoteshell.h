#pragma once

#include "core/result.h"
#include "remote/sshconnection.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace gpufailover {

class KnownHosts;

// Runs commands on remote hosts over SSH without ever blocking the calling thread: libssh runs on
// a pool of worker threads, results come back as callbacks on the thread that owns this object.
// Connections are reused per host, with a cap on concurrent sessions per host. Every call has a
// deadline that holds even when a host stops answering mid-command: a watchdog started at
// submission answers "timeout" on time, whatever the worker is stuck in.
class RemoteShell final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int maxSessionsPerHost = 2;
        int maxThreads = 16;
        qint64 idleReuseMs = 60000; // an idle connection older than this is closed, not reused
    };
    template <typename T> using Done = std::function<void(Result<T>)>;

    explicit RemoteShell(KnownHosts *knownHosts, QObject *parent = nullptr);
    RemoteShell(KnownHosts *knownHosts, Options options, QObject *parent = nullptr);
    ~RemoteShell() override;

    // The OpenSSH private key used for every host (held in memory only while this object lives).
    void setIdentity(const QString &privateKey);

    quint64 exec(const SshTarget &target, const ExecRequest &request, QObject *context, Done<ExecResult> done);
    // Writes `data` to `remotePath` atomically (temporary file + rename) with the given mode.
    quint64 upload(const SshTarget &target, const QByteArray &data, const QString &remotePath, int mode,
        qint64 timeoutMs, QObject *context, Done<Unit> done);
    void cancel(quint64 id);

    int idleConnections(const SshTarget &target) const;
    int activeSessions(const SshTarget &target) const;

private:
    struct Job;
    void pump(const QString &hostId);
    void startJob(std::shared_ptr<Job> job, SshConnection *connection);
    void onWorkerDone(std::shared_ptr<Job> job, SshConnection *connection, Result<ExecResult> result);
    void complete(const std::shared_ptr<Job> &job, Result<ExecResult> result);
    void dispose(SshConnection *connection);

    KnownHosts *m_knownHosts;
    Options m_options;
    std::shared_ptr<const QString> m_identity;
    QThreadPool m_pool;
    quint64 m_nextId = 1;
    QHash<QString, QList<std::shared_ptr<Job>>> m_queued;
    QHash<QString, int> m_active;
    QHash<QString, QList<SshConnection *>> m_idle;
    QHash<quint64, std::weak_ptr<Job>> m_jobs;
};

} // namespace gpufailover
