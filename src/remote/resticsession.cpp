#include "remote/resticsession.h"

#include "remote/remotelogging.h"
#include "remote/remoteshell.h"

#include <QJsonDocument>

namespace gpufailover {

ResticSession::ResticSession(RemoteShell *shell, SshTarget host, ResticRepo repo, QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_host(std::move(host))
    , m_repo(std::move(repo))
{ }

void ResticSession::run(
    const QStringList &args, qint64 timeoutMs, QObject *context, std::function<void(Result<ExecResult>)> done)
{
    const auto command = restic::command(m_repo, args);
    if (!command)
        return done(command.error());
    ExecRequest r;
    r.command = command->command;
    r.stdinData = command->stdinData;
    r.timeoutMs = timeoutMs;
    r.maxOutputBytes = 8 * 1024 * 1024;
    m_shell->exec(m_host, r, context, std::move(done));
}

void ResticSession::init(QObject *context, Done<ResticOutcome> done)
{
    run({ QStringLiteral("init") }, 120000, context, [done = std::move(done)](Result<ExecResult> r) {
        if (!r)
            return done(r.error());
        const QString err = QString::fromUtf8(r->err);
        // A second init of the same repository is not an error for us.
        if (r->exitStatus != 0
            && (err.contains(QLatin1StringView("already initialized"))
                || err.contains(QLatin1StringView("config file already exists"))))
            return done(
                ResticOutcome { true, false, QStringLiteral("ok"), QStringLiteral("repository already initialized") });
        done(restic::mapExit(r->exitStatus, err));
    });
}

void ResticSession::backup(const QStringList &paths, const QStringList &tags, const QString &hostName, qint64 timeoutMs,
    QObject *context, Done<ResticBackup> done)
{
    run(restic::backupArguments(paths, tags, hostName), timeoutMs, context,
        [done = std::move(done)](Result<ExecResult> r) {
            if (!r)
                return done(r.error());
            ResticBackup b;
            b.outcome = restic::mapExit(r->exitStatus, QString::fromUtf8(r->err));
            for (const QByteArray &line : r->out.split('\n')) {
                if (const auto parsed = restic::parseJsonLine(line);
                    parsed && std::holds_alternative<ResticSummary>(*parsed))
                    b.summary = std::get<ResticSummary>(*parsed);
            }
            if (b.outcome.ok && !b.summary)
                b.outcome = ResticOutcome { false, false, QStringLiteral("error"),
                    QStringLiteral("restic said nothing about the snapshot it made") };
            done(b);
        });
}

void ResticSession::restoreLatest(
    const QString &targetDir, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
{
    run({ QStringLiteral("restore"), QStringLiteral("latest"), QStringLiteral("--target"), targetDir }, timeoutMs,
        context, [done = std::move(done)](Result<ExecResult> r) {
            if (!r)
                return done(r.error());
            done(restic::mapExit(r->exitStatus, QString::fromUtf8(r->err)));
        });
}

void ResticSession::check(const QString &readDataSubset, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
{
    QStringList args { QStringLiteral("check") };
    if (readDataSubset == u"all")
        args << QStringLiteral("--read-data");
    else if (!readDataSubset.isEmpty())
        args << QStringLiteral("--read-data-subset=%1").arg(readDataSubset);
    run(args, timeoutMs, context, [done = std::move(done)](Result<ExecResult> r) {
        if (!r)
            return done(r.error());
        ResticOutcome o = restic::mapExit(r->exitStatus, QString::fromUtf8(r->err));
        if (!o.ok && o.code == u"error")
            o.code = QStringLiteral("check_failed"); // a damaged repository: loud, never auto-repaired
        done(o);
    });
}

void ResticSession::forget(int keepLast, int keepHourly, int keepDaily, bool prune, qint64 timeoutMs, QObject *context,
    Done<ResticOutcome> done)
{
    run(restic::forgetArguments(keepLast, keepHourly, keepDaily, prune), timeoutMs, context,
        [done = std::move(done)](Result<ExecResult> r) {
            if (!r)
                return done(r.error());
            done(restic::mapExit(r->exitStatus, QString::fromUtf8(r->err)));
        });
}

void ResticSession::snapshots(QObject *context, Done<QJsonArray> done)
{
    run({ QStringLiteral("snapshots"), QStringLiteral("--json") }, 60000, context,
        [done = std::move(done)](Result<ExecResult> r) {
            if (!r)
                return done(r.error());
            const ResticOutcome o = restic::mapExit(r->exitStatus, QString::fromUtf8(r->err));
            if (!o.ok)
                return done(Error { o.code, o.message });
            done(QJsonDocument::fromJson(r->out).array());
        });
}

} // namespace gpufailover
