#include "remote/remoteshell.h"

#include "remote/remotelogging.h"
#include "remote/remotescript.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <atomic>

namespace gpufailover {
namespace {

qint64 monotonicNowMs()
{
    return QDeadlineTimer::current().deadline(); // monotonic ms
}

} // namespace

struct RemoteShell::Job
{
    quint64 id = 0;
    SshTarget target;
    ExecRequest request;
    QDeadlineTimer deadline;
    Done<ExecResult> done;
    QPointer<QObject> context;
    bool hasContext = false;
    std::shared_ptr<std::atomic_bool> cancel = std::make_shared<std::atomic_bool>(false);
    bool completed = false;
    QTimer *watchdog = nullptr;
};

RemoteShell::RemoteShell(KnownHosts *knownHosts, QObject *parent)
    : RemoteShell(knownHosts, Options {}, parent)
{ }

RemoteShell::RemoteShell(KnownHosts *knownHosts, Options options, QObject *parent)
    : QObject(parent)
    , m_knownHosts(knownHosts)
    , m_options(options)
{
    m_pool.setMaxThreadCount(qMax(1, options.maxThreads));
    m_pool.setExpiryTimeout(30000);
}

RemoteShell::~RemoteShell()
{
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (auto job = it->lock())
            job->cancel->store(true);
    }
    // Workers notice the cancel flag within one read slice; blocked connects are bounded by
    // their own deadline.
    m_pool.waitForDone();
    for (const auto &list : std::as_const(m_idle))
        qDeleteAll(list);
}

void RemoteShell::setIdentity(const QString &privateKey)
{
    m_identity = std::make_shared<const QString>(privateKey);
}

int RemoteShell::idleConnections(const SshTarget &target) const
{
    return int(m_idle.value(target.id()).size());
}

int RemoteShell::activeSessions(const SshTarget &target) const
{
    return m_active.value(target.id());
}

quint64 RemoteShell::exec(const SshTarget &target, const ExecRequest &request, QObject *context, Done<ExecResult> done)
{
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->target = target;
    job->request = request;
    job->deadline = QDeadlineTimer(qMax<qint64>(1, request.timeoutMs));
    job->done = std::move(done);
    job->context = context;
    job->hasContext = context != nullptr;
    // The caller's deadline starts now, queued or not.
    job->watchdog = new QTimer(this);
    job->watchdog->setSingleShot(true);
    std::weak_ptr<Job> weak = job;
    connect(job->watchdog, &QTimer::timeout, this, [this, weak] {
        if (auto j = weak.lock()) {
            j->cancel->store(true);
            complete(j,
                Error { ssherr::Timeout,
                    QStringLiteral("%1 did not answer within %2 ms").arg(j->target.id()).arg(j->request.timeoutMs) });
        }
    });
    job->watchdog->start(int(qMin<qint64>(request.timeoutMs + 250, std::numeric_limits<int>::max())));
    m_jobs.insert(job->id, job);
    m_queued[target.id()].append(job);
    pump(target.id());
    return job->id;
}

quint64 RemoteShell::upload(const SshTarget &target, const QByteArray &data, const QString &remotePath, int mode,
    qint64 timeoutMs, QObject *context, Done<Unit> done)
{
    ExecRequest r;
    const QString path = shellQuote(remotePath);
    const QString tmp = shellQuote(remotePath + QStringLiteral(".gpf-upload"));
    r.command = QStringLiteral("umask 077 && mkdir -p \"$(dirname %1)\" && cat > %2 && chmod %3 %2 && mv -f %2 %1")
                    .arg(path, tmp, QString::number(mode, 8));
    r.stdinData = data;
    r.timeoutMs = timeoutMs;
    return exec(target, r, context, [done = std::move(done), remotePath](Result<ExecResult> res) {
        if (!res)
            return done(res.error());
        if (!res->ok())
            return done(Error { QStringLiteral("upload_failed"),
                QStringLiteral("writing %1 failed (exit %2): %3")
                    .arg(remotePath)
                    .arg(res->exitStatus)
                    .arg(QString::fromUtf8(res->err.left(300)).trimmed()) });
        done(Unit {});
    });
}

void RemoteShell::cancel(quint64 id)
{
    auto job = m_jobs.value(id).lock();
    if (!job)
        return;
    job->cancel->store(true);
    complete(job, Error { ssherr::Cancelled, QStringLiteral("cancelled") });
}

void RemoteShell::pump(const QString &hostId)
{
    auto &queue = m_queued[hostId];
    while (!queue.isEmpty() && m_active.value(hostId) < m_options.maxSessionsPerHost) {
        std::shared_ptr<Job> job = queue.takeFirst();
        if (job->completed) // timed out or cancelled while queued
            continue;
        SshConnection *connection = nullptr;
        auto &idle = m_idle[hostId];
        while (!idle.isEmpty() && !connection) {
            SshConnection *c = idle.takeLast();
            if (monotonicNowMs() - c->idleSinceMs < m_options.idleReuseMs)
                connection = c;
            else
                dispose(c);
        }
        ++m_active[hostId];
        startJob(job, connection);
    }
}

void RemoteShell::startJob(std::shared_ptr<Job> job, SshConnection *connection)
{
    auto identity = m_identity;
    KnownHosts *knownHosts = m_knownHosts;
    QPointer<RemoteShell> self(this);
    m_pool.start([self, job, connection, identity, knownHosts]() mutable {
        const auto run = [&](SshConnection *c) -> Result<ExecResult> {
            if (!c->isConnected()) {
                const Status s = c->connect(identity ? *identity : QString(), job->deadline);
                if (!s)
                    return s.error();
            }
            return c->exec(job->request, job->deadline, *job->cancel);
        };
        bool reused = connection != nullptr;
        if (!connection)
            connection = new SshConnection(job->target, knownHosts);
        Result<ExecResult> result = run(connection);
        // A reused connection may have died while idle: one fresh try, unless time is up.
        if (!result && reused && (result.error().code == ssherr::Disconnected || result.error().code == ssherr::Channel)
            && !job->deadline.hasExpired() && !job->cancel->load()) {
            delete connection;
            connection = new SshConnection(job->target, knownHosts);
            result = run(connection);
        }
        if (!self) {
            delete connection;
            return;
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, job, connection, result = std::move(result)]() mutable {
                if (self)
                    self->onWorkerDone(job, connection, std::move(result));
                else
                    delete connection;
            },
            Qt::QueuedConnection);
    });
}

void RemoteShell::onWorkerDone(std::shared_ptr<Job> job, SshConnection *connection, Result<ExecResult> result)
{
    const QString hostId = job->target.id();
    --m_active[hostId];
    if (connection->isConnected() && !job->cancel->load()) {
        connection->idleSinceMs = monotonicNowMs();
        m_idle[hostId].append(connection);
    } else {
        dispose(connection);
    }
    complete(job, std::move(result));
    pump(hostId);
}

void RemoteShell::complete(const std::shared_ptr<Job> &job, Result<ExecResult> result)
{
    if (job->completed)
        return;
    job->completed = true;
    if (job->watchdog) {
        job->watchdog->deleteLater();
        job->watchdog = nullptr;
    }
    m_jobs.remove(job->id);
    if (!result)
        qCDebug(lcSsh).noquote() << job->target.id() << "->" << result.error().code << result.error().message;
    if (job->hasContext && !job->context)
        return;
    // Never from inside the caller's own call: always through the event loop.
    QMetaObject::invokeMethod(
        this, [job, result = std::move(result)] { job->done(result); }, Qt::QueuedConnection);
}

void RemoteShell::dispose(SshConnection *connection)
{
    // Closing may touch the network: not on this thread.
    m_pool.start([connection] { delete connection; });
}

} // namespace gpufailover
