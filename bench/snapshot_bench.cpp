// Snapshot cost on a 1 GB workspace (1024 files of 1 MiB, incompressible), through the real
// path: restic on an sshd test host, over SSH, to s3rver over TLS on loopback. Reports time and
// bytes uploaded for the first snapshot and for an incremental one after 1 % of files changed.
// Needs root (test hosts) and s3rver (scripts/setup-deps.sh).   build/default/bench/snapshot_bench
#include "benchutil.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/resticsession.h"
#include "remote/sshkey.h"
#include "sim/s3testserver.h"
#include "sim/sshtesthost.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>

using namespace gpufailover;

using bench::await;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString why;
    if (!SshTestHost::supported(&why) || !S3TestServer::supported(&why)) {
        std::fprintf(stderr, "snapshot_bench: %s\n", qPrintable(why));
        return 1;
    }
    QTemporaryDir dir;
    const SshKeyPair key = *SshKeyPair::generate();
    QDir().mkpath(dir.filePath(QStringLiteral("host")));
    QDir().mkpath(dir.filePath(QStringLiteral("s3")));
    SshTestHost host({ dir.filePath(QStringLiteral("host")), {}, { key.publicKey }, 1, {}, false, {} });
    S3TestServer s3({ dir.filePath(QStringLiteral("s3")) });
    if (!host.start() || !s3.start()) {
        std::fprintf(stderr, "snapshot_bench: cannot start the host or s3rver\n");
        return 1;
    }
    const QDir ws(host.workspaceDir());
    for (int i = 0; i < 1024; ++i)
        bench::fillRandom(ws.filePath(QStringLiteral("shard-%1.bin").arg(i, 4, 10, QLatin1Char('0'))));
    KnownHosts known(dir.filePath(QStringLiteral("known_hosts")));
    RemoteShell shell(&known);
    shell.setIdentity(key.privateKey);
    ResticSession session(&shell, { host.host(), host.port(), QStringLiteral("root") },
        { s3.repository(QStringLiteral("bench")), QStringLiteral("bench-password-0123"), S3TestServer::accessKeyId(),
            S3TestServer::secretAccessKey(), QStringLiteral("us-east-1"), s3.caCertPem() });
    if (!await<ResticOutcome>([&](auto done) { session.init(nullptr, done); })) {
        std::fprintf(stderr, "snapshot_bench: init failed\n");
        return 1;
    }
    const auto run = [&](const char *label) {
        QElapsedTimer t;
        t.start();
        const auto b = await<ResticBackup>([&](auto done) {
            session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("bench"), 3600000, nullptr, done);
        });
        if (!b || !b->outcome.ok || !b->summary) {
            std::fprintf(stderr, "snapshot_bench: %s backup failed\n", label);
            return false;
        }
        std::printf("%-28s %8.1f s  %10.1f MB uploaded  %6.1f MB/s processed\n", label, t.elapsed() / 1000.0,
            b->summary->dataAdded / 1e6, b->summary->totalBytesProcessed / 1e6 / (t.elapsed() / 1000.0));
        return true;
    };
    if (!run("first snapshot (1 GiB)"))
        return 1;
    for (int i = 0; i < 10; ++i) // 1 % of the files rewritten
        bench::fillRandom(ws.filePath(QStringLiteral("shard-%1.bin").arg(i * 97, 4, 10, QLatin1Char('0'))));
    if (!run("incremental (1 % changed)"))
        return 1;
    if (!run("incremental (nothing changed)"))
        return 1;
    return 0;
}
