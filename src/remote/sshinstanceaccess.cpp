#include "remote/sshinstanceaccess.h"

#include "remote/healthprobe.h"
#include "remote/remoteshell.h"
#include "remote/sshpathcheck.h"

#include <QPointer>

#include <memory>
#include <optional>

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
    const QString key = QStringLiteral("%1:%2").arg(endpoint.host).arg(endpoint.port);
    QPointer<QObject> ctx(context);
    QPointer<SshInstanceAccess> self(this);
    // One probe, and maybe the look below SSH (see below): whichever ends last answers, once.
    struct Round
    {
        std::optional<HealthSample> sample;
        std::optional<SshPathCheck::Result> path;
        bool transportFailed = false;
        bool pathStarted = false;
        bool answered = false;
    };
    auto round = std::make_shared<Round>();
    const auto finish = [round, key, self, done = std::move(done)] {
        if (round->answered || !round->sample || (round->transportFailed && !round->path))
            return;
        round->answered = true;
        HealthSample s = *round->sample;
        if (round->transportFailed) {
            s.path = round->path->path;
            s.reason = QStringLiteral("%1; %2").arg(s.reason, round->path->detail);
        }
        if (self) {
            if (s.healthy())
                self->m_failing.remove(key);
            else
                self->m_failing.insert(key);
        }
        done(s);
    };
    const auto lookBelow = [=] {
        round->pathStarted = true;
        SshPathCheck::run(endpoint.host, endpoint.port, checkMs, ctx, [round, finish](SshPathCheck::Result path) {
            round->path = path;
            finish();
        });
    };
    // A host that failed its last probe gets the look at once, beside the probe, so a run of
    // failures is judged as fast as the probe times out; a healthy one is not bothered with it.
    if (m_failing.contains(key) && ctx)
        lookBelow();
    m_shell->exec(SshTarget::of(endpoint), r, context, [=](Result<ExecResult> res) {
        round->sample = healthprobe::parse(res);
        // A probe that ran and answered nonsense is the machine's own word: it counts as is. SSH
        // itself failing says little alone: the look below SSH decides what it means.
        round->transportFailed = !res.ok() && ctx;
        if (round->transportFailed && !round->pathStarted)
            lookBelow();
        finish();
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
