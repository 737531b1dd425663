#include "remote/generationsync.h"

#include "remote/knownhosts.h"
#include "remote/remotelogging.h"
#include "remote/remotescript.h"
#include "remote/remoteshell.h"
#include "remote/rsyncrunner.h"
#include "remote/sshkey.h"

#include <QDateTime>

#include <memory>

namespace gpufailover {
namespace {
constexpr int kNoMarker = 40;
const QString kKeyDir = QStringLiteral(".gpufailover/sync");

SshTarget targetOf(const SshEndpoint &e)
{
    return SshTarget::of(e);
}

QString generationDir(const QString &base, qint64 sequence)
{
    return QStringLiteral("%1/generations/%2").arg(base).arg(sequence);
}

// rsync run on one host, pushing `from` into `to` on `dest` with the key deployed for that pair.
RsyncPlan pushTo(const SshEndpoint &dest, const QString &from, const QString &to)
{
    RsyncPlan plan;
    plan.sourceDir = from;
    plan.destHost = dest.host;
    plan.destPort = dest.port;
    plan.destUser = dest.user;
    plan.destDir = to;
    plan.identityFile = kKeyDir + QStringLiteral("/id_ed25519");
    plan.knownHostsFile = kKeyDir + QStringLiteral("/known_hosts");
    return plan;
}

QString pairId(const GenerationSync::Pair &p)
{
    return QStringLiteral("%1:%2>%3:%4%5")
        .arg(p.source.host)
        .arg(p.source.port)
        .arg(p.dest.host)
        .arg(p.dest.port)
        .arg(p.destBase);
}

// The standby's side, before a run: forget what an interrupted run left, then say what the
// current copy is ("COPY files bytes generation sequence" or "COPY none") and the next number.
QString destProbe(const QString &base, bool cleanUp)
{
    return QStringLiteral(
        "B=%1; mkdir -p \"$B/generations\" || exit 1; %2"
        "C=$(readlink \"$B/current\" 2>/dev/null || true); "
        "if [ -n \"$C\" ] && [ -f \"$B/$C/.gpufailover/sync-manifest\" ]; then "
        "G=$(cat \"$B/$C/.gpufailover/generation\" 2>/dev/null || echo 0); "
        "awk -v g=\"$G\" -v c=\"${C#generations/}\" '{n++; s+=$2} END {printf \"COPY %d %d %s %s\\n\", n, s, g, c}' "
        "\"$B/$C/.gpufailover/sync-manifest\"; "
        "else echo 'COPY none'; fi; "
        "N=$(ls \"$B/generations\" | grep -E '^[0-9]+$' | sort -n | tail -1); echo \"NEXT $(( ${N:-0} + 1 ))\"")
        .arg(shellQuote(base),
            cleanUp ? QStringLiteral("rm -rf \"$B\"/incoming-* \"$B/current.tmp\" || exit 1; ") : QString());
}

// The source's side: its generation, files and bytes; refuses without the workspace marker
// (an emptied or unmounted /workspace must never replace the copy).
QString sourceProbe()
{
    return QStringLiteral(
        "G=$(cat /workspace/.gpufailover/generation 2>/dev/null) || { echo 'the source has no workspace marker "
        "(/workspace/.gpufailover/generation): emptied or not mounted?' >&2; exit %1; }; "
        "find /workspace -type f -printf '%s\\n' | awk -v g=\"$G\" '{n++; s+=$1} END {printf \"SOURCE %s %d %d\\n\", "
        "g, "
        "n, s}'")
        .arg(kNoMarker);
}

std::optional<GenerationSync::Copy> parseCopy(const QByteArray &out, qint64 *next)
{
    std::optional<GenerationSync::Copy> copy;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> f = line.trimmed().split(' ');
        if (f.value(0) == "COPY" && f.size() == 5)
            copy = GenerationSync::Copy { f[4].toLongLong(), f[3].toLongLong(), f[1].toLongLong(), f[2].toLongLong() };
        else if (f.value(0) == "NEXT" && next)
            *next = f.value(1).toLongLong();
    }
    return copy;
}
} // namespace

GenerationSync::GenerationSync(RemoteShell *shell, KnownHosts *knownHosts, QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_known(knownHosts)
{ }

QString GenerationSync::manifestProgram()
{
    // Files hard-linked from the previous generation (same inode, size and path) keep their hash:
    // only what rsync wrote anew is read. The manifest is written to a temporary name, flushed,
    // then renamed; its last line is not special.
    return QStringLiteral(R"PY(import hashlib, os, stat, sys
root, prev = sys.argv[1], sys.argv[2]
known = {}
if prev and os.path.exists(prev):
    with open(prev, encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            h, size, ino, path = line.rstrip('\n').split(' ', 3)
            known[(path, int(size), int(ino))] = h
out, total, hashed = [], 0, 0
for dirpath, dirs, files in os.walk(root):
    dirs.sort()
    for name in sorted(files):
        full = os.path.join(dirpath, name)
        rel = os.path.relpath(full, root)
        if rel.startswith('.gpufailover/sync-manifest'):
            continue
        st = os.lstat(full)
        if not stat.S_ISREG(st.st_mode):
            continue
        h = known.get((rel, st.st_size, st.st_ino))
        if h is None:
            d = hashlib.sha256()
            with open(full, 'rb') as f:
                for chunk in iter(lambda: f.read(1 << 20), b''):
                    d.update(chunk)
            h = d.hexdigest()
            hashed += 1
        out.append('%s %d %d %s' % (h, st.st_size, st.st_ino, rel))
        total += st.st_size
os.makedirs(os.path.join(root, '.gpufailover'), exist_ok=True)
tmp = os.path.join(root, '.gpufailover', 'sync-manifest.tmp')
with open(tmp, 'w', encoding='utf-8', errors='surrogateescape') as f:
    f.write(''.join(l + '\n' for l in out))
    f.flush()
    os.fsync(f.fileno())
os.rename(tmp, os.path.join(root, '.gpufailover', 'sync-manifest'))
print('MANIFEST %d %d %d' % (len(out), total, hashed))
)PY");
}

void GenerationSync::current(const Pair &pair, QObject *context, std::function<void(Result<std::optional<Copy>>)> done)
{
    ExecRequest probe;
    probe.command = destProbe(pair.destBase, false);
    probe.timeoutMs = 60000;
    m_shell->exec(targetOf(pair.dest), probe, context, [done](Result<ExecResult> r) {
        if (!r)
            return done(r.error());
        if (!r->ok())
            return done(Error { QStringLiteral("standby_error"), QString::fromUtf8(r->err.left(300)).trimmed() });
        done(parseCopy(r->out, nullptr));
    });
}

void GenerationSync::deployPairKey(const Pair &pair, QObject *context, std::function<void(Status)> done)
{
    const QString id = pairId(pair);
    if (m_deployed.value(id))
        return done(okStatus());
    // The source must know the standby's host key; we learned it over our own pinned connection.
    const QString hostKey = m_known->keyOf(pair.dest.host, pair.dest.port);
    if (hostKey.isEmpty())
        return done(
            Error { QStringLiteral("unknown_host_key"), QStringLiteral("the standby's host key is not known yet") });
    auto key = SshKeyPair::generate();
    if (!key)
        return done(key.error());
    const QString publicKey = key->publicKey.trimmed() + QStringLiteral(" gpufailover-sync");
    ExecRequest authorize;
    authorize.command = QStringLiteral(
        "mkdir -p ~/.ssh && chmod 700 ~/.ssh && touch ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys && "
        "IFS= read -r K && (grep -qxF \"$K\" ~/.ssh/authorized_keys || printf '%s\\n' \"$K\" >> "
        "~/.ssh/authorized_keys)");
    authorize.stdinData = publicKey.toUtf8() + '\n';
    authorize.timeoutMs = 30000;
    const QString knownLine = QStringLiteral("[%1]:%2 %3\n").arg(pair.dest.host).arg(pair.dest.port).arg(hostKey);
    const QString privateKey = key->privateKey;
    m_shell->exec(targetOf(pair.dest), authorize, context, [=, this](Result<ExecResult> a) {
        if (!a || !a->ok())
            return done(Error { QStringLiteral("deploy_failed"),
                QStringLiteral("cannot authorize the sync key on the standby: %1")
                    .arg(a ? QString::fromUtf8(a->err.left(200)) : a.error().message) });
        m_shell->upload(targetOf(pair.source), privateKey.toUtf8(), kKeyDir + QStringLiteral("/id_ed25519"), 0600,
            30000, context, [=, this](Result<Unit> u) {
                if (!u)
                    return done(u.error());
                m_shell->upload(targetOf(pair.source), knownLine.toUtf8(), kKeyDir + QStringLiteral("/known_hosts"),
                    0600, 30000, context, [=, this](Result<Unit> k) {
                        if (!k)
                            return done(k.error());
                        m_deployed.insert(id, true);
                        done(okStatus());
                    });
            });
    });
}

void GenerationSync::run(
    const Pair &pair, const Options &options, QObject *context, std::function<void(Result<Run>)> done)
{
    auto run = std::make_shared<Run>();
    run->startedAt = QDateTime::currentDateTimeUtc();
    ExecRequest probe;
    probe.command = destProbe(pair.destBase, true); // what an interrupted run left goes
    probe.timeoutMs = 60000;
    m_shell->exec(targetOf(pair.dest), probe, context, [=, this](Result<ExecResult> d) {
        if (!d)
            return done(d.error());
        if (!d->ok())
            return done(Error { QStringLiteral("standby_error"), QString::fromUtf8(d->err.left(300)).trimmed() });
        qint64 next = 1;
        const std::optional<Copy> copy = parseCopy(d->out, &next);
        run->sequence = next;
        ExecRequest source;
        source.command = sourceProbe();
        source.timeoutMs = 120000;
        m_shell->exec(targetOf(pair.source), source, context, [=, this](Result<ExecResult> s) {
            if (!s)
                return done(s.error());
            if (s->exitStatus == kNoMarker)
                return done(Error { QStringLiteral("no_marker"), QString::fromUtf8(s->err).trimmed() });
            const QList<QByteArray> f = s->out.trimmed().split(' ');
            if (!s->ok() || f.value(0) != "SOURCE" || f.size() != 4)
                return done(Error { QStringLiteral("source_error"), QString::fromUtf8(s->err.left(300)).trimmed() });
            const qint64 generation = f[1].toLongLong(), files = f[2].toLongLong(), bytes = f[3].toLongLong();
            run->sourceGeneration = generation;
            if (copy) {
                if (generation < copy->sourceGeneration)
                    return done(Error { QStringLiteral("stale_source"),
                        QStringLiteral("the source holds generation %1 but the copy is of generation %2: an old "
                                       "primary never overwrites a newer copy")
                            .arg(generation)
                            .arg(copy->sourceGeneration) });
                const double floor = 1.0 - options.maxDropFraction;
                if (double(files) < floor * double(copy->files) || double(bytes) < floor * double(copy->bytes))
                    return done(Error { QStringLiteral("shrunk"),
                        QStringLiteral("the source has %1 files and %2 bytes against %3 and %4 in the copy: more than "
                                       "%5% gone, refused")
                            .arg(files)
                            .arg(bytes)
                            .arg(copy->files)
                            .arg(copy->bytes)
                            .arg(int(options.maxDropFraction * 100)) });
            }
            deployPairKey(pair, context, [=, this](Status deployed) {
                if (!deployed)
                    return done(deployed.error());
                const QString incoming = QStringLiteral("%1/incoming-%2").arg(pair.destBase).arg(run->sequence);
                RsyncPlan plan = pushTo(pair.dest, QStringLiteral("/workspace"), incoming);
                if (copy)
                    plan.linkDest = generationDir(pair.destBase, copy->sequence);
                plan.excludes = options.excludes;
                plan.checksum = copy && options.checksumEvery > 0 && run->sequence % options.checksumEvery == 0;
                run->checksummed = plan.checksum;
                ExecRequest rsync;
                rsync.command = rsync::command(plan);
                rsync.timeoutMs = options.timeoutMs;
                // A file the workload rewrites while rsync reads it fails that file (exit 23); a
                // second pass into the same directory copies only what changed and usually
                // converges. A file that stays unreadable fails the run.
                auto pass = std::make_shared<std::function<void(int)>>();
                *pass = [=, this](int attempt) {
                    m_shell->exec(targetOf(pair.source), rsync, context, [=, this](Result<ExecResult> r) {
                        if (!r)
                            return done(r.error());
                        const RsyncOutcome o = rsync::mapExit(r->exitStatus, QString::fromUtf8(r->err));
                        if (!o.ok && o.code == u"partial_transfer" && attempt < 3)
                            return (*pass)(attempt + 1);
                        if (!o.ok)
                            return done(Error { o.code, o.message }); // incoming-N is removed by the next run
                        ExecRequest commit;
                        const QString prev = copy ? generationDir(pair.destBase, copy->sequence)
                                + QStringLiteral("/.gpufailover/sync-manifest")
                                                  : QString();
                        commit.command = QStringLiteral(
                            "B=%1; I=%2; python3 - \"$I\" %3 && sync -f \"$I\" && mv -T \"$I\" \"$B/generations/%4\" "
                            "&& "
                            "ln -sfn generations/%4 \"$B/current.tmp\" && mv -T \"$B/current.tmp\" \"$B/current\" && "
                            "sync -f \"$B\"")
                                             .arg(shellQuote(pair.destBase), shellQuote(incoming), shellQuote(prev))
                                             .arg(run->sequence);
                        commit.stdinData = manifestProgram().toUtf8();
                        commit.timeoutMs = options.timeoutMs;
                        m_shell->exec(targetOf(pair.dest), commit, context, [=](Result<ExecResult> c) {
                            if (!c)
                                return done(c.error());
                            if (!c->ok()) {
                                const QString err = QString::fromUtf8(c->err.left(300)).trimmed();
                                return done(Error { err.contains(QLatin1StringView("No space left"))
                                        ? QStringLiteral("disk_full")
                                        : QStringLiteral("commit_failed"),
                                    QStringLiteral("the new generation could not be completed: %1").arg(err) });
                            }
                            for (const QByteArray &line : c->out.split('\n')) {
                                const QList<QByteArray> m = line.trimmed().split(' ');
                                if (m.value(0) == "MANIFEST" && m.size() == 4) {
                                    run->files = m[1].toLongLong();
                                    run->bytes = m[2].toLongLong();
                                    run->filesHashed = m[3].toLongLong();
                                }
                            }
                            qCInfo(lcSync).noquote() << "generation" << run->sequence << "of" << pair.destBase
                                                     << "complete:" << run->files << "files," << run->bytes << "bytes";
                            done(*run);
                            *pass = nullptr; // the pass holds itself; let it go
                        });
                    });
                };
                (*pass)(1);
            });
        });
    });
}

void GenerationSync::restore(const Pair &pair, const SshEndpoint &target, const Options &options, QObject *context,
    std::function<void(Result<Restored>)> done)
{
    current(pair, context, [=, this](Result<std::optional<Copy>> copy) {
        if (!copy)
            return done(copy.error());
        if (!copy->has_value())
            return done(Error { QStringLiteral("no_copy"), QStringLiteral("the standby holds no complete copy") });
        // Our own connection to the target first: its host key, pinned, is what the standby will trust.
        ExecRequest prepare;
        prepare.command = QStringLiteral("mkdir -p /workspace");
        prepare.timeoutMs = 60000;
        m_shell->exec(targetOf(target), prepare, context, [=, this](Result<ExecResult> p) {
            if (!p || !p->ok())
                return done(Error { QStringLiteral("target_error"),
                    QStringLiteral("cannot prepare /workspace on the new GPU: %1")
                        .arg(p ? QString::fromUtf8(p->err.left(200)) : p.error().message) });
            const Pair back { pair.dest, target, {} };
            deployPairKey(back, context, [=, this](Status deployed) {
                if (!deployed)
                    return done(deployed.error());
                const RsyncPlan plan
                    = pushTo(target, generationDir(pair.destBase, (*copy)->sequence), QStringLiteral("/workspace"));
                ExecRequest rsync;
                rsync.command = rsync::command(plan);
                rsync.timeoutMs = options.timeoutMs;
                m_shell->exec(targetOf(pair.dest), rsync, context, [=, this](Result<ExecResult> r) {
                    if (!r)
                        return done(r.error());
                    const RsyncOutcome o = rsync::mapExit(r->exitStatus, QString::fromUtf8(r->err));
                    if (!o.ok)
                        return done(Error { o.code, QStringLiteral("restoring the copy failed: %1").arg(o.message) });
                    // Every file against the manifest, with nothing but coreutils on the GPU.
                    ExecRequest verify;
                    verify.command = QStringLiteral(
                        "cd /workspace && test -f .gpufailover/sync-manifest || { echo 'no manifest' >&2; exit 4; }; "
                        "awk '{ h = $1; sub(/^[^ ]+ [^ ]+ [^ ]+ /, \"\"); print h \"  \" $0 }' "
                        ".gpufailover/sync-manifest "
                        "> /tmp/gpf-restore.sha256 && N=$(wc -l < /tmp/gpf-restore.sha256) && "
                        "sha256sum -c --quiet /tmp/gpf-restore.sha256; S=$?; echo \"RESULT $N $S\"; exit $S");
                    verify.timeoutMs = options.timeoutMs;
                    m_shell->exec(targetOf(target), verify, context, [=](Result<ExecResult> v) {
                        if (!v)
                            return done(v.error());
                        Restored out;
                        out.copy = **copy;
                        for (const QByteArray &line : v->out.split('\n')) {
                            if (line.startsWith("RESULT "))
                                out.filesVerified = line.split(' ').value(1).toLongLong();
                            else if (line.endsWith(": FAILED") || line.contains(": FAILED open"))
                                out.bad << QString::fromUtf8(line);
                        }
                        out.verified = v->exitStatus == 0 && out.bad.isEmpty() && out.filesVerified == out.copy.files;
                        out.detail = out.verified
                            ? QStringLiteral("%1 files of generation %2 verified")
                                  .arg(out.filesVerified)
                                  .arg(out.copy.sequence)
                            : QStringLiteral("the restored files do not match the copy's manifest: %1%2")
                                  .arg(out.bad.mid(0, 3).join(QStringLiteral(", ")),
                                      QString::fromUtf8(v->err.left(200)));
                        done(out);
                    });
                });
            });
        });
    });
}

} // namespace gpufailover
