#include "remote/sshinstanceaccess.h"

#include "remote/healthprobe.h"
#include "remote/remoteshell.h"

namespace gpufailover {

SshInstanceAccess::SshInstanceAccess(RemoteShell *shell, double timeScale, QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_timeScale(timeScale > 0 ? timeScale : 1.0)
{ }

qint64 SshInstanceAccess::realMs(qint64 clockMs) const
{
    // Below ~300 ms even a healthy host on loopback cannot finish a fresh SSH handshake reliably.
    return qMax<qint64>(300, qint64(double(clockMs) / m_timeScale));
}

void SshInstanceAccess::probe(
    const SshEndpoint &endpoint, qint64 timeoutMs, QObject *context, std::function<void(HealthSample)> done)
{
    ExecRequest r;
    r.command = healthprobe::command();
    r.timeoutMs = realMs(timeoutMs);
    r.maxOutputBytes = 64 * 1024;
    m_shell->exec(SshTarget::of(endpoint), r, context,
        [done = std::move(done)](Result<ExecResult> res) { done(healthprobe::parse(res)); });
}

void SshInstanceAccess::run(const SshEndpoint &endpoint, const QString &command, qint64 timeoutMs, QObject *context,
    std::function<void(Result<QByteArray>)> done)
{
    ExecRequest r;
    r.command = command;
    r.timeoutMs = realMs(timeoutMs);
    m_shell->exec(SshTarget::of(endpoint), r, context, [done = std::move(done)](Result<ExecResult> res) {
        if (!res)
            return done(res.error());
        if (!res->ok())
            return done(Error { QStringLiteral("command_failed"),
                QStringLiteral("exit %1: %2")
                    .arg(res->exitStatus)
                    .arg(QString::fromUtf8(res->err.left(300)).trimmed()) });
        done(res->out);
    });
}

} // namespace gpufailover
