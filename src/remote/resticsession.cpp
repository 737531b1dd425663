#include "remote/resticsession.h"
#include "core/numbers.h"

#include "remote/remotelogging.h"
#include "remote/remoteshell.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

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

void ResticSession::ensureInstalled(const QString &localBinary, QObject *context, Done<QString> done)
{
    ExecRequest version;
    version.command = QStringLiteral("PATH=\"$PATH:$HOME/%1\" restic version").arg(restic::kUploadedDir);
    version.timeoutMs = 30000;
    m_shell->exec(m_host, version, context, [=, this](Result<ExecResult> r) {
        if (!r)
            return done(r.error());
        if (r->ok())
            return done(QString::fromUtf8(r->out).trimmed());
        QFile binary(localBinary);
        if (localBinary.isEmpty() || !binary.open(QIODevice::ReadOnly))
            return done(Error { QStringLiteral("missing"),
                QStringLiteral("restic is not installed on %1 and there is no local restic to upload")
                    .arg(m_host.host) });
        qCInfo(lcSnapshot).noquote() << "restic missing on" << m_host.host << "; uploading" << localBinary;
        const QString remote = QStringLiteral("%1/restic").arg(restic::kUploadedDir);
        m_shell->upload(m_host, binary.readAll(), remote, 0755, 300000, context, [=, this](Result<Unit> u) {
            if (!u)
                return done(Error { QStringLiteral("missing"),
                    QStringLiteral("restic is not installed on %1 and uploading it failed: %2")
                        .arg(m_host.host, u.error().message) });
            m_shell->exec(m_host, version, context, [done](Result<ExecResult> again) {
                if (!again)
                    return done(again.error());
                if (!again->ok())
                    return done(Error { QStringLiteral("missing"),
                        QStringLiteral("the uploaded restic does not run: %1")
                            .arg(QString::fromUtf8(again->err.left(200)).trimmed()) });
                done(QString::fromUtf8(again->out).trimmed());
            });
        });
    });
}

void ResticSession::runOutcome(const QStringList &args, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
{
    run(args, timeoutMs, context, [done = std::move(done)](Result<ExecResult> r) {
        if (!r)
            return done(r.error());
        done(restic::mapExit(r->exitStatus, QString::fromUtf8(r->err)));
    });
}

void ResticSession::unlockStale(QObject *context, Done<ResticOutcome> done)
{
    runOutcome({ QStringLiteral("unlock") }, 120000, context, std::move(done));
}

void ResticSession::repositorySize(QObject *context, Done<qint64> done)
{
    run({ QStringLiteral("stats"), QStringLiteral("--mode"), QStringLiteral("raw-data"), QStringLiteral("--json") },
        600000, context, [done = std::move(done)](Result<ExecResult> r) {
            if (!r)
                return done(r.error());
            const ResticOutcome o = restic::mapExit(r->exitStatus, QString::fromUtf8(r->err));
            if (!o.ok)
                return done(Error { o.code, o.message });
            const QJsonValue size = QJsonDocument::fromJson(r->out).object().value(QStringLiteral("total_size"));
            if (!size.isDouble())
                return done(Error { QStringLiteral("error"), QStringLiteral("restic stats gave no total_size") });
            done(saturatingCast<qint64>(size.toDouble()));
        });
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

void ResticSession::restore(
    const QString &snapshotId, const QString &targetDir, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
{
    runOutcome({ QStringLiteral("restore"), snapshotId, QStringLiteral("--target"), targetDir }, timeoutMs, context,
        std::move(done));
}

void ResticSession::check(const QString &readDataSubset, qint64 timeoutMs, QObject *context, Done<ResticOutcome> done)
{
    QStringList args { QStringLiteral("check") };
    if (readDataSubset == u"all")
        args << QStringLiteral("--read-data");
    else if (!readDataSubset.isEmpty())
        args << QStringLiteral("--read-data-subset=%1").arg(readDataSubset);
    runOutcome(args, timeoutMs, context, [done = std::move(done)](Result<ResticOutcome> r) {
        if (!r)
            return done(r.error());
        ResticOutcome o = *r;
        if (!o.ok && o.code == u"error")
            o.code = QStringLiteral("check_failed"); // a damaged repository: loud, never auto-repaired
        done(o);
    });
}

void ResticSession::forget(int keepLast, int keepHourly, int keepDaily, bool prune, qint64 timeoutMs, QObject *context,
    Done<ResticOutcome> done)
{
    runOutcome(restic::forgetArguments(keepLast, keepHourly, keepDaily, prune), timeoutMs, context, std::move(done));
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
