// The CPU standby's sync on a 1 GiB workspace (1024 files of 1 MiB, incompressible), through
// the real path: rsync on one sshd test host pushing over SSH to another, generations,
// manifest and atomic promotion. Reports the cycle time with 1 % changed and with nothing
// changed, the restore of the copy onto a fresh host with every hash checked, then the loss window reached (age of the
// newest complete copy just before the next one lands) at a 5 s and at the default 30 s interval while a workload
// appends. Needs root (test hosts).   build/default/bench/sync_bench [--quick: skip the 30 s interval]
#include "benchutil.h"
#include "remote/generationsync.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshkey.h"
#include "sim/sshtesthost.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace gpufailover;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString why;
    if (!SshTestHost::supported(&why)) {
        std::fprintf(stderr, "sync_bench: %s\n", qPrintable(why));
        return 1;
    }
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QTemporaryDir dir;
    const SshKeyPair key = *SshKeyPair::generate();
    for (const char *h : { "gpu", "cpu" })
        QDir().mkpath(dir.filePath(QString::fromLatin1(h)));
    SshTestHost gpu({ dir.filePath(QStringLiteral("gpu")), {}, { key.publicKey }, 1, {}, false, {} });
    SshTestHost cpu({ dir.filePath(QStringLiteral("cpu")), {}, { key.publicKey }, 1, {}, false, {} });
    if (!gpu.start() || !cpu.start()) {
        std::fprintf(stderr, "sync_bench: cannot start the hosts\n");
        return 1;
    }
    const QDir ws(gpu.workspaceDir());
    ws.mkpath(QStringLiteral(".gpufailover"));
    QFile marker(ws.filePath(QStringLiteral(".gpufailover/generation")));
    if (!marker.open(QIODevice::WriteOnly) || marker.write("1\n") != 2)
        return 1;
    marker.close();
    for (int i = 0; i < 1024; ++i)
        bench::fillRandom(ws.filePath(QStringLiteral("shard-%1.bin").arg(i, 4, 10, QLatin1Char('0'))));
    KnownHosts known(dir.filePath(QStringLiteral("known_hosts")));
    RemoteShell shell(&known);
    shell.setIdentity(key.privateKey);
    GenerationSync sync(&shell, &known);
    const GenerationSync::Pair pair { { gpu.host(), gpu.port(), true, QStringLiteral("root") },
        { cpu.host(), cpu.port(), true, QStringLiteral("root") }, QStringLiteral("/root/standby") };

    const auto cycle = [&](const char *label) -> std::optional<GenerationSync::Run> {
        QElapsedTimer t;
        t.start();
        const auto r = bench::await<GenerationSync::Run>([&](auto done) { sync.run(pair, {}, nullptr, done); });
        if (!r) {
            std::fprintf(stderr, "sync_bench: %s: %s\n", label, qPrintable(r.error().message));
            return std::nullopt;
        }
        if (label)
            std::printf("%-30s %7.2f s  %5lld files hashed of %lld, %.0f MB in the copy\n", label, t.elapsed() / 1000.0,
                r->filesHashed, r->files, r->bytes / 1e6);
        return *r;
    };
    if (!cycle("first sync (1 GiB)"))
        return 1;
    for (int i = 0; i < 10; ++i) // 1 % of the files rewritten
        bench::fillRandom(ws.filePath(QStringLiteral("shard-%1.bin").arg(i * 97, 4, 10, QLatin1Char('0'))));
    if (!cycle("cycle, 1 % changed"))
        return 1;
    if (!cycle("cycle, nothing changed"))
        return 1;

    // Recovery: the copy restored onto a fresh GPU host, every file verified against the manifest.
    {
        QDir().mkpath(dir.filePath(QStringLiteral("new-gpu")));
        SshTestHost fresh({ dir.filePath(QStringLiteral("new-gpu")), {}, { key.publicKey }, 1, {}, false, {} });
        if (!fresh.start())
            return 1;
        QElapsedTimer t;
        t.start();
        const auto restored = bench::await<GenerationSync::Restored>([&](auto done) {
            sync.restore(pair, { fresh.host(), fresh.port(), true, QStringLiteral("root") }, {}, nullptr, done);
        });
        if (!restored || !restored->verified) {
            std::fprintf(stderr, "sync_bench: restore failed\n");
            return 1;
        }
        std::printf("%-30s %7.2f s  %5lld files verified\n", "restore to a new GPU (1 GiB)", t.elapsed() / 1000.0,
            restored->filesVerified);
    }

    // The loss window: if the GPU died right now, the standby's copy would be this old. It is
    // largest just before a run completes: then the newest complete copy is the previous one.
    const auto lossWindow = [&](int intervalS, int cycles) {
        QElapsedTimer clock;
        clock.start();
        qint64 newestStart = -1;
        double worst = 0, sumCycle = 0;
        for (int c = 0; c < cycles; ++c) {
            bench::fillRandom(ws.filePath(QStringLiteral("shard-%1.bin").arg(c * 13 % 1024, 4, 10, QLatin1Char('0'))));
            const qint64 started = clock.elapsed();
            if (!cycle(nullptr))
                return false;
            const qint64 landed = clock.elapsed();
            sumCycle += double(landed - started) / 1000.0;
            if (newestStart >= 0)
                worst = qMax(worst, double(landed - newestStart) / 1000.0);
            newestStart = started;
            // A timer between the starts of runs, as the scheduler keeps it.
            QThread::msleep(qMax<qint64>(0, started + intervalS * 1000 - clock.elapsed()));
        }
        std::printf("interval %2d s: loss window up to %6.2f s (mean cycle %.2f s over %d cycles)\n", intervalS, worst,
            sumCycle / cycles, cycles);
        return true;
    };
    if (!lossWindow(5, 6))
        return 1;
    if (!quick && !lossWindow(30, 3))
        return 1;
    return 0;
}
