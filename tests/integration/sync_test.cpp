// The CPU standby's data path on real hosts: rsync between two sshd test hosts, generations on
// the standby, and the guards that keep a good copy from being overwritten.
#include "remote/generationsync.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshkey.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

class SyncTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    SshKeyPair key;
    std::unique_ptr<SshTestHost> gpu, cpu;
    std::unique_ptr<KnownHosts> known;
    std::unique_ptr<RemoteShell> shell;
    std::unique_ptr<GenerationSync> sync;
    GenerationSync::Pair pair;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        key = *SshKeyPair::generate();
        gpu = host(QStringLiteral("gpu"));
        cpu = host(QStringLiteral("cpu"));
        known = std::make_unique<KnownHosts>(dir.filePath(QStringLiteral("known_hosts")));
        shell = std::make_unique<RemoteShell>(known.get());
        shell->setIdentity(key.privateKey);
        sync = std::make_unique<GenerationSync>(shell.get(), known.get());
        pair = { endpoint(*gpu), endpoint(*cpu), QStringLiteral("/root/standby") };
        setGeneration(*gpu, 1);
    }

    std::unique_ptr<SshTestHost> host(const QString &name)
    {
        const QString root = dir.filePath(name);
        QDir().mkpath(root);
        auto h = std::make_unique<SshTestHost>(SshTestHost::Options { root, {}, { key.publicKey }, 1, {}, false, {} });
        EXPECT_TRUE(h->start().ok());
        return h;
    }
    static SshEndpoint endpoint(const SshTestHost &h) { return { h.host(), h.port(), true, QStringLiteral("root") }; }
    static void setGeneration(const SshTestHost &h, qint64 g)
    {
        test::writeFile(
            QDir(h.workspaceDir()).filePath(QStringLiteral(".gpufailover/generation")), QByteArray::number(g) + '\n');
    }
    static QByteArray random(qsizetype size)
    {
        QByteArray b(size, Qt::Uninitialized);
        QRandomGenerator::global()->generate(
            reinterpret_cast<quint32 *>(b.data()), reinterpret_cast<quint32 *>(b.data() + b.size()));
        return b;
    }

    Result<ExecResult> exec(const SshTestHost &h, const QString &command)
    {
        ExecRequest r;
        r.command = command;
        r.timeoutMs = 120000;
        return test::awaitResult<ExecResult>(
            [&](auto done) {
                shell->exec({ h.host(), h.port(), QStringLiteral("root") }, r, nullptr, done);
            },
            130000);
    }
    Result<GenerationSync::Run> runSync(const GenerationSync::Options &o = {})
    {
        return test::awaitResult<GenerationSync::Run>([&](auto done) { sync->run(pair, o, nullptr, done); }, 300000);
    }
    std::optional<GenerationSync::Copy> currentCopy()
    {
        const auto c = test::awaitResult<std::optional<GenerationSync::Copy>>(
            [&](auto done) { sync->current(pair, nullptr, done); });
        EXPECT_TRUE(c.ok());
        return c.ok() ? *c : std::nullopt;
    }
    // Every file of the standby's current copy, with its hash: to see that a refused or failed
    // run changed nothing, byte for byte.
    QByteArray copyListing()
    {
        const auto r
            = exec(*cpu, QStringLiteral("cd /root/standby/current/ && find . -type f -exec sha256sum {} + | sort -k2"));
        EXPECT_TRUE(r.ok() && r->ok());
        return r.ok() ? r->out : QByteArray();
    }
    // The current copy agrees with its own manifest.
    void expectCopyMatchesItsManifest()
    {
        const auto r = exec(*cpu,
            QStringLiteral(
                "cd /root/standby/current/ && awk '{ h = $1; sub(/^[^ ]+ [^ ]+ [^ ]+ /, \"\"); print h \"  \" $0 }' "
                ".gpufailover/sync-manifest | sha256sum -c --quiet && echo VERIFIED"));
        ASSERT_TRUE(r.ok());
        EXPECT_TRUE(r->out.contains("VERIFIED")) << r->out.toStdString() << r->err.toStdString();
    }
};

} // namespace

TEST_F(SyncTest, ARealTreeSyncsIntoGenerationsWhileTheWorkloadWrites)
{
    const QDir ws(gpu->workspaceDir());
    for (int d = 0; d < 30; ++d)
        for (int f = 0; f < 100; ++f)
            test::writeFile(ws.filePath(QStringLiteral("data/shard-%1/part-%2.txt").arg(d).arg(f)),
                QByteArray::number(d * 1000 + f).repeated(50));
    for (int i = 0; i < 3; ++i)
        test::writeFile(ws.filePath(QStringLiteral("checkpoints/model-%1.pt").arg(i)), random(16 * 1024 * 1024));
    ASSERT_TRUE(exec(*gpu,
        QStringLiteral("(nohup sh -c 'N=0; while :; do N=$((N+1)); echo line-$N >> /workspace/train.log; "
                       "echo $N > /workspace/step-$((N % 50)).txt; sleep 0.005; done' >/dev/null 2>&1 </dev/null &)"))
                    ->ok());

    const auto first = runSync();
    ASSERT_TRUE(first.ok()) << first.error().code.toStdString() << ": " << first.error().message.toStdString();
    EXPECT_EQ(first->sequence, 1);
    EXPECT_GE(first->files, 3003);
    EXPECT_GT(first->bytes, 48 * 1024 * 1024);
    EXPECT_EQ(first->filesHashed, first->files);
    expectCopyMatchesItsManifest();

    test::writeFile(ws.filePath(QStringLiteral("checkpoints/model-1.pt")), random(16 * 1024 * 1024));
    const auto second = runSync();
    ASSERT_TRUE(second.ok()) << second.error().message.toStdString();
    EXPECT_EQ(second->sequence, 2);
    // Unchanged files are hard links into the previous generation, and keep their hash.
    EXPECT_LT(second->filesHashed, 200) << "of " << second->files;
    const auto inodes = exec(*cpu,
        QStringLiteral("stat -c %i /root/standby/generations/1/checkpoints/model-0.pt "
                       "/root/standby/generations/2/checkpoints/model-0.pt "
                       "/root/standby/generations/1/checkpoints/model-1.pt "
                       "/root/standby/generations/2/checkpoints/model-1.pt"));
    ASSERT_TRUE(inodes.ok() && inodes->ok());
    const QList<QByteArray> n = inodes->out.trimmed().split('\n');
    ASSERT_EQ(n.size(), 4);
    EXPECT_EQ(n[0], n[1]) << "an unchanged file was copied again";
    EXPECT_NE(n[2], n[3]) << "a changed file was linked";
    expectCopyMatchesItsManifest();
    const auto copy = currentCopy();
    ASSERT_TRUE(copy.has_value());
    EXPECT_EQ(copy->sequence, 2);
    EXPECT_EQ(copy->sourceGeneration, 1);
    // The changed checkpoint arrived as it is on the source.
    EXPECT_EQ(exec(*cpu, QStringLiteral("sha256sum < /root/standby/current/checkpoints/model-1.pt"))->out,
        exec(*gpu, QStringLiteral("sha256sum < /workspace/checkpoints/model-1.pt"))->out);
}

TEST_F(SyncTest, APrimaryKilledMidRsyncNeverPromotesTheHalfCopy)
{
    const QDir ws(gpu->workspaceDir());
    test::writeFile(ws.filePath(QStringLiteral("notes.txt")), "first");
    ASSERT_TRUE(runSync().ok());
    const QByteArray before = copyListing();
    for (int i = 0; i < 24; ++i)
        test::writeFile(ws.filePath(QStringLiteral("big-%1.bin").arg(i)), random(16 * 1024 * 1024));

    std::optional<Result<GenerationSync::Run>> run;
    sync->run(pair, {}, nullptr, [&](Result<GenerationSync::Run> r) { run.emplace(r); });
    // Killed once the new generation has started to arrive.
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return run.has_value()
                || QDir(dir.filePath(QStringLiteral("cpu/home/standby/incoming-2"))).entryList(QDir::Files).size() > 2;
        },
        120000));
    ASSERT_FALSE(run.has_value()) << "the sync finished before the kill; make it bigger";
    gpu->kill();
    ASSERT_TRUE(test::waitUntil([&] { return run.has_value(); }, 60000));
    ASSERT_FALSE(run->ok());
    EXPECT_EQ(currentCopy()->sequence, 1);
    EXPECT_EQ(copyListing(), before) << "the copy changed";

    // The next run clears the half-done directory and completes.
    ASSERT_TRUE(gpu->start().ok());
    const auto next = runSync();
    ASSERT_TRUE(next.ok()) << next.error().message.toStdString();
    EXPECT_FALSE(QDir(dir.filePath(QStringLiteral("cpu/home/standby/incoming-2"))).exists());
    EXPECT_EQ(currentCopy()->sequence, next->sequence);
    expectCopyMatchesItsManifest();
}

TEST_F(SyncTest, AnEmptiedOrShrunkenSourceIsRefusedAndTheCopyStaysByteForByte)
{
    const QDir ws(gpu->workspaceDir());
    for (int i = 0; i < 100; ++i)
        test::writeFile(ws.filePath(QStringLiteral("file-%1.txt").arg(i)), QByteArray::number(i).repeated(1000));
    ASSERT_TRUE(runSync().ok());
    const QByteArray before = copyListing();

    // Emptied, or the volume not mounted: no marker.
    ASSERT_TRUE(exec(*gpu, QStringLiteral("rm -rf /workspace/* /workspace/.gpufailover"))->ok());
    const auto empty = runSync();
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, QStringLiteral("no_marker")) << empty.error().message.toStdString();
    EXPECT_EQ(copyListing(), before);

    // The marker is back but 90 % of the files are gone.
    setGeneration(*gpu, 1);
    for (int i = 0; i < 10; ++i)
        test::writeFile(ws.filePath(QStringLiteral("file-%1.txt").arg(i)), QByteArray::number(i).repeated(1000));
    const auto shrunk = runSync();
    ASSERT_FALSE(shrunk.ok());
    EXPECT_EQ(shrunk.error().code, QStringLiteral("shrunk")) << shrunk.error().message.toStdString();
    EXPECT_EQ(copyListing(), before);
    EXPECT_EQ(currentCopy()->sequence, 1);

    // The user can allow a big cleanup explicitly.
    GenerationSync::Options allow;
    allow.maxDropFraction = 1.0;
    ASSERT_TRUE(runSync(allow).ok());
    EXPECT_EQ(currentCopy()->files, 11);
}

// A file rewritten in place with its size and mtime kept looks unchanged to rsync's
// quick check, so a plain pass hard-links the old content into the new generation (the control
// run shows it does). The periodic --checksum pass compares contents and catches it.
TEST_F(SyncTest, AFileChangedWithItsSizeAndMtimeKeptIsCaughtByTheChecksumPass)
{
    GenerationSync::Options o;
    o.checksumEvery = 3; // generation 3 is compared by content
    const auto write = [&](char fill) {
        test::writeFile(QDir(gpu->workspaceDir()).filePath(QStringLiteral("model.ckpt")), QByteArray(65536, fill));
        ASSERT_TRUE(exec(*gpu, QStringLiteral("touch -d @1700000000 /workspace/model.ckpt"))->ok());
    };
    const auto copied = [&] {
        const auto r = exec(*cpu, QStringLiteral("head -c 1 /root/standby/current/model.ckpt"));
        return r.ok() ? r->out : QByteArray();
    };
    write('a');
    const auto first = runSync(o);
    ASSERT_TRUE(first.ok()) << first.error().message.toStdString();
    EXPECT_FALSE(first->checksummed);
    write('b'); // same size, same mtime
    const auto second = runSync(o);
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second->checksummed);
    EXPECT_EQ(copied(), QByteArray("a")) << "the control run: size and mtime alone cannot see the change";

    const auto third = runSync(o);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->sequence, 3);
    EXPECT_TRUE(third->checksummed);
    EXPECT_EQ(copied(), QByteArray("b"));
    EXPECT_GE(third->filesHashed, 1); // a new file in the generation, so its hash is new too
    expectCopyMatchesItsManifest();
}

// A checkpoint (1 MiB here, 1 GB in real use) rewritten over and over while
// syncs run. Each checkpoint carries the sha256 of its body in its first line. Written the safe
// way (a temporary file, then a rename), every copied checkpoint verifies. The control run
// rewrites it in place, and a copy caught mid-write is flagged as torn: the check can fail.
TEST_F(SyncTest, ACheckpointReplacedAtomicallyAlwaysVerifiesAndTheInPlaceControlIsCaughtTorn)
{
    const QString body
        = QStringLiteral("head -c 1048576 /dev/urandom > /tmp/ck.body; h=$(sha256sum /tmp/ck.body | cut -c1-64); ");
    const QString atomic = body
        + QStringLiteral("{ echo $h; cat /tmp/ck.body; } > /workspace/ckpt.tmp && mv -f /workspace/ckpt.tmp "
                         "/workspace/ckpt");
    const QString inPlace = body
        + QStringLiteral("exec 3<>/workspace/ckpt; echo $h >&3; for i in 0 1 2 3 4 5 6 7; do "
                         "dd if=/tmp/ck.body bs=131072 skip=$i count=1 >&3 2>/dev/null; sleep 0.02; done; exec 3>&-");
    const auto writer = [&](const QString &rewrite) {
        return QStringLiteral("nohup sh -c '%1; while :; do %1; done' >/dev/null 2>&1 </dev/null & echo $!")
            .arg(QString(rewrite).replace(u'\'', QStringLiteral("'\\''")));
    };
    // Each generation's checkpoint against the hash in its own first line.
    const auto tornCopies = [&] {
        const auto r = exec(*cpu,
            QStringLiteral("n=0; for g in /root/standby/generations/*; do f=$g/ckpt; [ -f $f ] || continue; "
                           "[ \"$(head -n 1 $f)\" = \"$(tail -n +2 $f | sha256sum | cut -c1-64)\" ] || n=$((n+1)); "
                           "done; echo $n"));
        return r.ok() && r->ok() ? r->out.trimmed().toInt() : -1;
    };
    const auto runWhileWriting = [&](const QString &rewrite, int syncs, const GenerationSync::Options &o) {
        const auto started = exec(*gpu, writer(rewrite));
        EXPECT_TRUE(started.ok() && started->ok())
            << (started.ok() ? started->err.toStdString() : started.error().message.toStdString());
        for (int i = 0; i < syncs; ++i) {
            const auto run = runSync(o);
            EXPECT_TRUE(run.ok()) << run.error().message.toStdString();
        }
        EXPECT_TRUE(exec(*gpu, QStringLiteral("kill %1").arg(QString::fromUtf8(started->out.trimmed())))->ok());
    };

    runWhileWriting(atomic, 6, {});
    EXPECT_EQ(tornCopies(), 0) << "a checkpoint replaced by rename was copied torn";
    expectCopyMatchesItsManifest();

    // In place, over the same bytes (no truncation, so the size never changes and rsync reads
    // it without complaint): what a careless checkpoint writer does.
    runWhileWriting(inPlace, 6, {});
    EXPECT_GT(tornCopies(), 0) << "the control run: an in-place rewrite should have been caught mid-write";
}

TEST_F(SyncTest, AStaleOldPrimaryNeverOverwritesANewerCopy)
{
    setGeneration(*gpu, 2);
    test::writeFile(QDir(gpu->workspaceDir()).filePath(QStringLiteral("new.txt")), "generation two");
    ASSERT_TRUE(runSync().ok());
    const QByteArray before = copyListing();

    // The old primary of generation 1 comes back and tries to sync.
    auto old = host(QStringLiteral("old"));
    setGeneration(*old, 1);
    test::writeFile(QDir(old->workspaceDir()).filePath(QStringLiteral("new.txt")), "generation one, stale");
    GenerationSync::Pair stale = pair;
    stale.source = endpoint(*old);
    const auto refused
        = test::awaitResult<GenerationSync::Run>([&](auto done) { sync->run(stale, {}, nullptr, done); }, 120000);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, QStringLiteral("stale_source")) << refused.error().message.toStdString();
    EXPECT_EQ(copyListing(), before);
    EXPECT_EQ(currentCopy()->sourceGeneration, 2);
}

TEST_F(SyncTest, AFullStandbyDiskFailsTheRunAndKeepsThePreviousGeneration)
{
    // A small disk for the copies, in the standby's own mount namespace.
    ASSERT_TRUE(
        exec(*cpu, QStringLiteral("mkdir -p /root/standby && mount -t tmpfs -o size=12m tmpfs /root/standby"))->ok());
    test::writeFile(QDir(gpu->workspaceDir()).filePath(QStringLiteral("small.bin")), random(1024 * 1024));
    ASSERT_TRUE(runSync().ok());
    const QByteArray before = copyListing();
    test::writeFile(QDir(gpu->workspaceDir()).filePath(QStringLiteral("large.bin")), random(20 * 1024 * 1024));
    const auto full = runSync();
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, QStringLiteral("disk_full")) << full.error().message.toStdString();
    EXPECT_EQ(currentCopy()->sequence, 1);
    EXPECT_EQ(copyListing(), before);
    expectCopyMatchesItsManifest();
}

TEST_F(SyncTest, TheCopyIsRestoredToANewGpuAndEveryFileIsVerified)
{
    const QDir ws(gpu->workspaceDir());
    for (int i = 0; i < 200; ++i)
        test::writeFile(ws.filePath(QStringLiteral("data/part-%1.bin").arg(i)), random(16 * 1024));
    test::writeFile(ws.filePath(QStringLiteral("name with spaces.txt")), "kept as it is");
    ASSERT_TRUE(runSync().ok());
    const auto source = exec(*gpu, QStringLiteral("cd /workspace && find . -type f -exec sha256sum {} + | sort -k2"));

    auto fresh = host(QStringLiteral("new-gpu"));
    const auto restore = [&] {
        return test::awaitResult<GenerationSync::Restored>(
            [&](auto done) { sync->restore(pair, endpoint(*fresh), {}, nullptr, done); }, 120000);
    };
    const auto restored = restore();
    ASSERT_TRUE(restored.ok()) << restored.error().message.toStdString();
    EXPECT_TRUE(restored->verified) << restored->detail.toStdString();
    EXPECT_EQ(restored->filesVerified, 202);
    EXPECT_EQ(restored->copy.sequence, 1);
    const auto copy = exec(*fresh,
        QStringLiteral("cd /workspace && find . -type f ! -name sync-manifest -exec sha256sum {} + | sort -k2"));
    EXPECT_EQ(copy->out, source->out);

    // A copy that rotted on the standby's disk fails the check loudly.
    ASSERT_TRUE(exec(*cpu, QStringLiteral("printf x >> /root/standby/current/data/part-7.bin"))->ok());
    const auto rotten = restore();
    ASSERT_TRUE(rotten.ok()) << rotten.error().message.toStdString();
    EXPECT_FALSE(rotten->verified);
    ASSERT_EQ(rotten->bad.size(), 1);
    EXPECT_TRUE(rotten->bad.first().contains(QStringLiteral("part-7.bin")));
}
