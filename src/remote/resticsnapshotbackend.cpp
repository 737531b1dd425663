#include "remote/resticsnapshotbackend.h"

#include "remote/remoteshell.h"
#include "remote/resticsession.h"

#include <QDir>
#include <QRandomGenerator>
#include <QStandardPaths>

namespace gpufailover {
namespace {
constexpr int kNotTheHolder = 42;
SshTarget targetOf(const SshEndpoint &e)
{
    return SshTarget::of(e);
}
} // namespace

ResticSnapshotBackend::ResticSnapshotBackend(
    RemoteShell *shell, ResticRepo repo, qint64 timeoutMs, QString localRestic, QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_repo(std::move(repo))
    , m_timeoutMs(timeoutMs)
    , m_localRestic(localRestic.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("restic")) : localRestic)
{ }

void ResticSnapshotBackend::withRestic(
    const SshEndpoint &host, QObject *context, std::function<void(Result<Session>)> run)
{
    auto session = std::make_shared<ResticSession>(m_shell, targetOf(host), m_repo);
    session->ensureInstalled(m_localRestic, context, [session, run](Result<QString> version) {
        if (!version)
            return run(version.error());
        run(session);
    });
}

QString ResticSnapshotBackend::manifestScript(qint64 generation)
{
    // Refuse unless this volume holds the pool's newest generation, then write the manifest
    // atomically. Size first, then the hash of exactly that many bytes: a file the workload
    // appends to meanwhile must not get a hash and a size of two different moments.
    // Plain POSIX sh: the instance's shell may be anything.
    return QStringLiteral(
        "G=$(cat /workspace/.gpufailover/generation 2>/dev/null || echo none); "
        "if [ \"$G\" != \"%1\" ]; then echo \"the volume holds generation $G, not %1\" >&2; exit %2; fi; "
        "cd /workspace && mkdir -p .gpufailover && "
        "find . -type f ! -path './.gpufailover/manifest*' | sort | while IFS= read -r f; do "
        "s=$(stat -c %s \"$f\"); printf '%s %s %s\\n' \"$(head -c \"$s\" \"$f\" | sha256sum | cut -d' ' -f1)\" \"$s\" "
        "\"$f\"; "
        "done > .gpufailover/manifest.tmp && mv -f .gpufailover/manifest.tmp .gpufailover/manifest && "
        "wc -l < .gpufailover/manifest")
        .arg(generation)
        .arg(kNotTheHolder);
}

QString ResticSnapshotBackend::verifyScript(const QString &restoredWorkspace)
{
    // Each file must match its manifest line, or have only grown since (its first <size> bytes
    // match: appended to while the snapshot was being taken). Prints "ok grown" and the bad ones.
    return QStringLiteral(
        "cd '%1' || exit 3; [ -f .gpufailover/manifest ] || { echo 'no manifest in the snapshot' >&2; exit 4; }; "
        "ok=0; grown=0; "
        "while read -r h s f; do "
        "if [ ! -f \"$f\" ]; then echo \"BAD missing $f\"; continue; fi; "
        "if [ \"$(head -c \"$s\" \"$f\" | sha256sum | cut -d' ' -f1)\" != \"$h\" ]; then echo \"BAD changed $f\"; "
        "continue; fi; "
        "if [ \"$(stat -c %s \"$f\")\" -gt \"$s\" ]; then grown=$((grown+1)); else ok=$((ok+1)); fi; "
        "done < .gpufailover/manifest; echo \"RESULT $ok $grown\"")
        .arg(restoredWorkspace);
}

void ResticSnapshotBackend::take(const SshEndpoint &host, qint64 generation, const QStringList &tags, QObject *context,
    std::function<void(Result<Taken>)> done)
{
    ExecRequest manifest;
    manifest.command = manifestScript(generation);
    manifest.timeoutMs = m_timeoutMs;
    m_shell->exec(targetOf(host), manifest, context, [=, this](Result<ExecResult> m) {
        if (!m)
            return done(m.error());
        if (m->exitStatus == kNotTheHolder)
            return done(Error { QStringLiteral("not_the_holder"), QString::fromUtf8(m->err).trimmed() });
        if (!m->ok())
            return done(Error { QStringLiteral("manifest_failed"), QString::fromUtf8(m->err.left(300)).trimmed() });
        const qint64 files = m->out.trimmed().toLongLong();
        withRestic(host, context, [=, this](Result<Session> session) {
            if (!session)
                return done(session.error());
            (*session)->init(context, [=, this](Result<ResticOutcome> init) {
                if (!init)
                    return done(init.error());
                if (!init->ok)
                    return done(Error { init->code, init->message });
                (*session)->backup({ QStringLiteral("/workspace") }, tags, host.host, m_timeoutMs, context,
                    [=](Result<ResticBackup> b) {
                        Q_UNUSED(session);
                        if (!b)
                            return done(b.error());
                        if (!b->outcome.ok)
                            return done(Error { b->outcome.code, b->outcome.message });
                        done(Taken { b->summary->snapshotId, b->summary->dataAdded, files, b->outcome.incomplete,
                            b->outcome.message });
                    });
            });
        });
    });
}

void ResticSnapshotBackend::restoreAndVerify(const SshEndpoint &host, const QString &snapshotId,
    const QString &targetRoot, const QString &cleanup, QObject *context, std::function<void(Result<Drill>)> done)
{
    withRestic(host, context, [=, this](Result<Session> session) {
        if (!session)
            return done(session.error());
        (*session)->restore(snapshotId, targetRoot, m_timeoutMs, context, [=, this](Result<ResticOutcome> restored) {
            Q_UNUSED(session);
            if (!restored)
                return done(restored.error());
            if (!restored->ok)
                return done(Drill { snapshotId, false, 0, 0, {},
                    QStringLiteral("restoring snapshot %1 failed: %2").arg(snapshotId, restored->message) });
            ExecRequest verify;
            verify.command = verifyScript(QDir(targetRoot).filePath(QStringLiteral("workspace"))) + cleanup;
            verify.timeoutMs = m_timeoutMs;
            m_shell->exec(targetOf(host), verify, context, [done, snapshotId](Result<ExecResult> v) {
                if (!v)
                    return done(v.error());
                Drill d;
                d.snapshotId = snapshotId;
                for (const QByteArray &line : v->out.split('\n')) {
                    if (line.startsWith("BAD "))
                        d.bad << QString::fromUtf8(line.mid(4));
                    else if (line.startsWith("RESULT ")) {
                        const QList<QByteArray> n = line.split(' ');
                        d.filesVerified = n.value(1).toLongLong();
                        d.filesGrown = n.value(2).toLongLong();
                    }
                }
                d.verified = v->exitStatus == 0 && d.bad.isEmpty() && v->out.contains("RESULT ");
                d.detail = d.verified ? QStringLiteral("%1 files verified (%2 had grown during the snapshot)")
                                            .arg(d.filesVerified)
                                            .arg(d.filesGrown)
                                      : QStringLiteral("%1 files do not match the snapshot's manifest: %2%3")
                                            .arg(d.bad.size())
                                            .arg(d.bad.mid(0, 3).join(QStringLiteral(", ")))
                                            .arg(QString::fromUtf8(v->err.left(200)));
                done(d);
            });
        });
    });
}

void ResticSnapshotBackend::drill(
    const SshEndpoint &host, const QString &snapshotId, QObject *context, std::function<void(Result<Drill>)> done)
{
    const QString scratch
        = QStringLiteral("/tmp/gpf-drill-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    restoreAndVerify(host, snapshotId, scratch, QStringLiteral("; rm -rf '%1'").arg(scratch), context, std::move(done));
}

void ResticSnapshotBackend::restore(
    const SshEndpoint &host, const QString &snapshotId, QObject *context, std::function<void(Result<Drill>)> done)
{
    // The snapshot holds /workspace, so restoring it below / puts it back where it was.
    restoreAndVerify(host, snapshotId, QStringLiteral("/"), {}, context, std::move(done));
}

void ResticSnapshotBackend::maintain(
    const SshEndpoint &host, const Maintenance &what, QObject *context, std::function<void(Result<Maintained>)> done)
{
    withRestic(host, context, [=, this](Result<Session> session) {
        if (!session)
            return done(session.error());
        const Session s = *session;
        auto result = std::make_shared<Maintained>();
        // Steps run in this order; each calls the next.
        auto measure = [=] {
            s->repositorySize(context, [=](Result<qint64> size) {
                if (size)
                    result->repositoryBytes = *size;
                done(*result);
            });
        };
        auto check = [=, this] {
            if (what.checkSubset.isEmpty())
                return measure();
            s->check(what.checkSubset, m_timeoutMs, context, [=](Result<ResticOutcome> checked) {
                if (!checked)
                    return done(checked.error());
                result->checkCode = checked->code;
                // A lock held by someone else is no verdict on the repository's health.
                result->checked = checked->code != u"lock_conflict";
                result->checkPassed = checked->ok;
                result->detail = checked->ok
                    ? QStringLiteral("check of data subset %1 passed").arg(what.checkSubset)
                    : QStringLiteral("check of data subset %1: %2").arg(what.checkSubset, checked->message);
                measure();
            });
        };
        auto forget = [=, this] {
            if (what.keepLast <= 0 && what.keepHourly <= 0 && what.keepDaily <= 0)
                return check();
            s->forget(what.keepLast, what.keepHourly, what.keepDaily, what.prune, m_timeoutMs, context,
                [=](Result<ResticOutcome> forgot) {
                    if (!forgot)
                        return done(forgot.error());
                    if (!forgot->ok) {
                        result->checkCode = forgot->code;
                        result->detail = QStringLiteral("retention failed: %1").arg(forgot->message);
                        if (forgot->code != u"lock_conflict")
                            return done(Error { forgot->code, result->detail });
                    }
                    check();
                });
        };
        // A killed snapshot leaves its lock behind; forget and check would refuse to run forever.
        s->unlockStale(context, [forget](Result<ResticOutcome>) { forget(); });
    });
}

} // namespace gpufailover
