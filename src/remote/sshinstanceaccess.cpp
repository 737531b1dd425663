#include "remote/sshinstanceaccess.h"

#include "remote/healthprobe.h"
#include "remote/remoteshell.h"
#include "remote/sshpathcheck.h"

#include <QPointer>

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
    r.timeoutMs = realMs(timeoutMs);
    r.command = healthprobe::command(r.timeoutMs / 2);
    r.maxOutputBytes = 64 * 1024;
    const qint64 checkMs = r.timeoutMs;
    QPointer<QObject> ctx(context);
    m_shell->exec(
        SshTarget::of(endpoint), r, context, [endpoint, checkMs, ctx, done = std::move(done)](Result<ExecResult> res) {
            HealthSample s = healthprobe::parse(res);
            // A probe that ran and answered nonsense is the machine's own word: it counts as is.
            if (s.status != HealthSample::Status::ProbeFailed || res.ok() || !ctx)
                return done(s);
            // SSH itself failing says little alone: look at the port below SSH before anyone decides.
            SshPathCheck::run(endpoint.host, endpoint.port, checkMs, ctx, [s, done](SshPathCheck::Result path) mutable {
                s.path = path.path;
                s.reason = QStringLiteral("%1; %2").arg(s.reason, path.detail);
                done(s);
            });
        });
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
