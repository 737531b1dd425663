// restic on a real test host (sshd in its namespace) against a real S3 server on loopback (s3rver
// over TLS), driven over SSH: the base of the snapshot tier.
#include "core/clock.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/resticsession.h"
#include "remote/resticsnapshotbackend.h"
#include "remote/sshkey.h"
#include "sim/s3testserver.h"
#include "sim/simmarket.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

class SnapshotTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    SshKeyPair key;
    std::unique_ptr<SshTestHost> host;
    std::unique_ptr<S3TestServer> s3;
    std::unique_ptr<KnownHosts> known;
    std::unique_ptr<RemoteShell> shell;
    ResticRepo repo;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why) || !S3TestServer::supported(&why))
            GTEST_SKIP() << why.toStdString();
        key = *SshKeyPair::generate();
        QDir().mkpath(dir.filePath(QStringLiteral("host")));
        QDir().mkpath(dir.filePath(QStringLiteral("s3")));
        host = std::make_unique<SshTestHost>(
            SshTestHost::Options { dir.filePath(QStringLiteral("host")), {}, { key.publicKey }, 1 });
        ASSERT_TRUE(host->start().ok());
        s3 = std::make_unique<S3TestServer>(S3TestServer::Options { dir.filePath(QStringLiteral("s3")) });
        const Status started = s3->start();
        ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
        known = std::make_unique<KnownHosts>(dir.filePath(QStringLiteral("known_hosts")));
        shell = std::make_unique<RemoteShell>(known.get());
        shell->setIdentity(key.privateKey);
        repo = ResticRepo { s3->repository(QStringLiteral("pool-1")),
            QStringLiteral("repo-pw-%1").arg(QRandomGenerator::global()->generate64(), 0, 16),
            S3TestServer::accessKeyId(), S3TestServer::secretAccessKey(), QStringLiteral("us-east-1"),
            s3->caCertFile() };
        writeWorkspace();
    }

    void writeWorkspace()
    {
        const QDir ws(host->workspaceDir());
        ws.mkpath(QStringLiteral("checkpoints/epoch-3"));
        QByteArray big(3 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator::global()->generate(
            reinterpret_cast<quint32 *>(big.data()), reinterpret_cast<quint32 *>(big.data() + big.size()));
        test::writeFile(ws.filePath(QStringLiteral("checkpoints/epoch-3/model.pt")), big);
        for (int i = 0; i < 50; ++i)
            test::writeFile(ws.filePath(QStringLiteral("logs-%1.txt").arg(i)), QByteArray::number(i).repeated(100));
    }

    QByteArray hashes(const QString &remoteDir)
    {
        ExecRequest r;
        r.command = QStringLiteral("cd '%1' && find . -type f -exec sha256sum {} + | sort -k2").arg(remoteDir);
        const auto out = test::awaitResult<ExecResult>([&](auto done) {
            shell->exec({ host->host(), host->port(), QStringLiteral("root") }, r, nullptr, done);
        });
        EXPECT_TRUE(out.ok() && out->ok());
        return out.ok() ? out->out : QByteArray();
    }

    SshTarget target() const { return { host->host(), host->port(), QStringLiteral("root") }; }
};

} // namespace

TEST_F(SnapshotTest, BackupThenRestoreIsByteIdenticalAndIncrementalsAreSmall)
{
    ResticSession session(shell.get(), target(), repo);
    const auto init = test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); });
    ASSERT_TRUE(init.ok() && init->ok) << (init.ok() ? init->message.toStdString()
                                                     : init.error().message.toStdString());
    const auto again = test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); });
    ASSERT_TRUE(again.ok() && again->ok) << "a second init is fine";

    const auto first = test::awaitResult<ResticBackup>([&](auto done) {
        session.backup({ QStringLiteral("/workspace") }, { QStringLiteral("pool=pool-1"), QStringLiteral("gen=1") },
            QStringLiteral("gpu-a"), 120000, nullptr, done);
    });
    ASSERT_TRUE(first.ok() && first->outcome.ok)
        << (first.ok() ? first->outcome.message.toStdString() : first.error().message.toStdString());
    ASSERT_TRUE(first->summary.has_value());
    EXPECT_GT(first->summary->dataAdded, 3 * 1000 * 1000);
    EXPECT_EQ(first->summary->filesNew, 51);

    // One small change: the next snapshot uploads about that much, not the workspace again.
    test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral("logs-7.txt")), "changed");
    const auto second = test::awaitResult<ResticBackup>([&](auto done) {
        session.backup({ QStringLiteral("/workspace") }, { QStringLiteral("gen=1") }, QStringLiteral("gpu-a"), 120000,
            nullptr, done);
    });
    ASSERT_TRUE(second.ok() && second->outcome.ok);
    EXPECT_LT(second->summary->dataAdded, 64 * 1024);
    EXPECT_EQ(second->summary->filesChanged, 1);

    const auto list = test::awaitResult<QJsonArray>([&](auto done) { session.snapshots(nullptr, done); });
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 2);

    const auto restored = test::awaitResult<ResticOutcome>(
        [&](auto done) { session.restoreLatest(QStringLiteral("/tmp/gpf-restore-drill"), 120000, nullptr, done); });
    ASSERT_TRUE(restored.ok() && restored->ok)
        << (restored.ok() ? restored->message.toStdString() : restored.error().message.toStdString());
    EXPECT_EQ(hashes(QStringLiteral("/workspace")), hashes(QStringLiteral("/tmp/gpf-restore-drill/workspace")));
    EXPECT_FALSE(hashes(QStringLiteral("/workspace")).isEmpty());
    const auto check = test::awaitResult<ResticOutcome>(
        [&](auto done) { session.check(QStringLiteral("all"), 120000, nullptr, done); });
    ASSERT_TRUE(check.ok() && check->ok);
}

TEST_F(SnapshotTest, TheRepositoryPasswordIsNeverInAnyArgvAndAWrongOneIsSaidClearly)
{
    ResticSession session(shell.get(), target(), repo);
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); })->ok);
    std::optional<Result<ResticBackup>> backup;
    session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 120000, nullptr,
        [&](Result<ResticBackup> b) { backup.emplace(b); });
    const QByteArray password = repo.password.toUtf8();
    int scans = 0;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
            while (it.hasNext()) {
                const QByteArray argv = test::readAll(it.next() + QStringLiteral("/cmdline"));
                EXPECT_FALSE(argv.contains(password)) << argv.toStdString();
                EXPECT_FALSE(argv.contains(repo.repository.toUtf8()));
            }
            ++scans;
            return backup.has_value();
        },
        120000));
    EXPECT_GT(scans, 0);
    ASSERT_TRUE(backup->ok() && (*backup)->outcome.ok);

    ResticRepo wrong = repo;
    wrong.password = QStringLiteral("not-the-password");
    ResticSession intruder(shell.get(), target(), wrong);
    const auto denied = test::awaitResult<ResticOutcome>([&](auto done) { intruder.check({}, 60000, nullptr, done); });
    ASSERT_TRUE(denied.ok());
    EXPECT_FALSE(denied->ok);
    EXPECT_EQ(denied->code, QStringLiteral("wrong_password")) << denied->message.toStdString();
}

TEST_F(SnapshotTest, ADamagedRepositoryFailsItsCheckAndItsRestoreLoudly)
{
    ResticSession session(shell.get(), target(), repo);
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); })->ok);
    ASSERT_TRUE(test::awaitResult<ResticBackup>([&](auto done) {
        session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 120000, nullptr, done);
    })->outcome.ok);
    // Corrupt one stored pack in the bucket (s3rver keeps objects as files).
    QString victim;
    QDirIterator it(s3->bucketDir(), QDir::Files, QDirIterator::Subdirectories);
    qint64 biggest = 0;
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QStringLiteral("/data/")) && !f.endsWith(QStringLiteral("._S3rver_metadata.json"))
            && QFileInfo(f).size() > biggest) {
            biggest = QFileInfo(f).size();
            victim = f;
        }
    }
    ASSERT_FALSE(victim.isEmpty()) << "no pack found under " << s3->bucketDir().toStdString();
    QFile pack(victim);
    ASSERT_TRUE(pack.open(QIODevice::ReadWrite));
    pack.seek(biggest / 2);
    pack.write(QByteArray(4096, 'X'));
    pack.close();

    const auto check = test::awaitResult<ResticOutcome>(
        [&](auto done) { session.check(QStringLiteral("all"), 120000, nullptr, done); });
    ASSERT_TRUE(check.ok());
    EXPECT_FALSE(check->ok);
    EXPECT_EQ(check->code, QStringLiteral("check_failed")) << check->message.toStdString();
    const auto restored = test::awaitResult<ResticOutcome>(
        [&](auto done) { session.restoreLatest(QStringLiteral("/tmp/gpf-restore-bad"), 120000, nullptr, done); });
    ASSERT_TRUE(restored.ok());
    EXPECT_FALSE(restored->ok) << "a restore from a damaged pack must not pass silently";
}

// The snapshot service on a live warm pool: on schedule from the primary, while its workload
// writes, with restore drills checked against the manifest inside each snapshot.
TEST(SnapshotServiceTest, SnapshotsTheHolderOnScheduleAndVerifiesRestoreDrills)
{
    QString why;
    if (!SshTestHost::supported(&why) || !S3TestServer::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    DemoWorld::Options o;
    o.dir = dir.path();
    o.timeScale = 20;
    o.sim.createMinMs = o.sim.startMinMs = 10000;
    o.sim.createMaxMs = o.sim.startMaxMs = 20000;
    o.pool.id = QStringLiteral("snap");
    auto w = DemoWorld::create(o);
    ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
    DemoWorld &world = **w;
    QDir().mkpath(dir.filePath(QStringLiteral("s3")));
    S3TestServer s3({ dir.filePath(QStringLiteral("s3")) });
    ASSERT_TRUE(s3.start().ok());
    const ResticRepo repo { s3.repository(QStringLiteral("snap")), QStringLiteral("pw-snapshot-service-0123"),
        S3TestServer::accessKeyId(), S3TestServer::secretAccessKey(), QStringLiteral("us-east-1"), s3.caCertFile() };
    ResticSnapshotBackend backend(&world.shell(), repo, 600000);
    SnapshotService service(
        &world.pool(), &backend, &world.cloud(), &world.journal(), &world.clock(), SnapshotPolicy { 60000, 2, 24 });
    QStringList alerts;
    QObject::connect(
        &service, &SnapshotService::alert, &service, [&](const QString &kind, const QString &) { alerts << kind; });
    QList<SnapshotBackend::Drill> drills;
    QObject::connect(
        &service, &SnapshotService::drillFinished, &service, [&](const SnapshotBackend::Drill &d) { drills << d; });

    world.pool().start();
    ASSERT_TRUE(test::waitUntil([&] { return world.pool().state() == WarmPool::State::Active; }, 60000));
    service.start();
    ASSERT_TRUE(test::waitUntil([&] { return !drills.isEmpty(); }, 120000)) << alerts.join(u',').toStdString();
    EXPECT_GE(service.snapshotsTaken(), 2);
    ASSERT_TRUE(drills.first().verified) << drills.first().detail.toStdString();
    EXPECT_GT(drills.first().filesVerified + drills.first().filesGrown, 0);
    ASSERT_TRUE(service.lastVerifiedRestorePoint().has_value());
    EXPECT_LE(*service.lastVerifiedRestorePoint(), world.clock().now());
    service.stop();

    // Only the holder of the newest generation writes snapshots.
    const auto primary = world.market().instance(world.pool().record().primaryId);
    ASSERT_NE(primary, nullptr);
    const SshEndpoint endpoint { primary->sshHostOverride, primary->sshPortOverride, true };
    std::optional<Result<SnapshotBackend::Taken>> stale;
    backend.take(endpoint, world.pool().record().generation + 7, {}, nullptr,
        [&](Result<SnapshotBackend::Taken> t) { stale.emplace(t); });
    ASSERT_TRUE(test::waitUntil([&] { return stale.has_value(); }, 60000));
    ASSERT_FALSE(stale->ok());
    EXPECT_EQ(stale->error().code, QStringLiteral("not_the_holder"));

    // A damaged repository: the next drill fails loudly and the verified point does not move.
    const QDateTime verifiedBefore = *service.lastVerifiedRestorePoint();
    QDirIterator it(s3.bucketDir(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QStringLiteral("/data/")) && !f.endsWith(QStringLiteral("._S3rver_metadata.json")))
            QFile::remove(f); // every pack gone
    }
    const int before = int(drills.size());
    service.drillNow();
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("drill_failed")); }, 120000));
    EXPECT_EQ(*service.lastVerifiedRestorePoint(), verifiedBefore);
    EXPECT_GE(drills.size(), before);
}

TEST_F(SnapshotTest, RetentionKeepsTheNewestAndALockedRepositoryIsReportedNotUnlocked)
{
    ResticSession session(shell.get(), target(), repo);
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); })->ok);
    for (int i = 0; i < 3; ++i) {
        test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral("round.txt")), QByteArray::number(i));
        ASSERT_TRUE(test::awaitResult<ResticBackup>([&](auto done) {
            session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 120000, nullptr, done);
        })->outcome.ok);
    }
    const auto forgot
        = test::awaitResult<ResticOutcome>([&](auto done) { session.forget(1, 0, 0, false, 120000, nullptr, done); });
    ASSERT_TRUE(forgot.ok() && forgot->ok)
        << (forgot.ok() ? forgot->message.toStdString() : forgot.error().message.toStdString());
    EXPECT_EQ(test::awaitResult<QJsonArray>([&](auto done) { session.snapshots(nullptr, done); })->size(), 1);
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) {
        session.restoreLatest(QStringLiteral("/tmp/gpf-after-forget"), 120000, nullptr, done);
    })->ok);
    EXPECT_EQ(hashes(QStringLiteral("/workspace")), hashes(QStringLiteral("/tmp/gpf-after-forget/workspace")));

    // A big backup holds a lock; a check meanwhile must report the conflict, not break the lock.
    const QDir ws(host->workspaceDir());
    QByteArray chunk(8 * 1024 * 1024, Qt::Uninitialized);
    for (int i = 0; i < 40; ++i) {
        QRandomGenerator::global()->generate(
            reinterpret_cast<quint32 *>(chunk.data()), reinterpret_cast<quint32 *>(chunk.data() + chunk.size()));
        test::writeFile(ws.filePath(QStringLiteral("big-%1.bin").arg(i)), chunk);
    }
    std::optional<Result<ResticBackup>> running;
    session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 300000, nullptr,
        [&](Result<ResticBackup> b) { running.emplace(b); });
    const QString locks = s3->bucketDir() + QStringLiteral("/pool-1/locks");
    ASSERT_TRUE(
        test::waitUntil([&] { return !QDir(locks).entryList(QDir::Files).isEmpty() || running.has_value(); }, 60000));
    ASSERT_FALSE(running.has_value()) << "the backup finished before its lock was seen; make it bigger";
    const auto conflict = test::awaitResult<ResticOutcome>([&](auto done) { session.check({}, 60000, nullptr, done); });
    ASSERT_TRUE(conflict.ok());
    EXPECT_FALSE(conflict->ok);
    EXPECT_EQ(conflict->code, QStringLiteral("lock_conflict")) << conflict->message.toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return running.has_value(); }, 300000));
    ASSERT_TRUE(running->ok() && (*running)->outcome.ok) << "the backup holding the lock was not disturbed";
    const auto after = test::awaitResult<ResticOutcome>([&](auto done) { session.check({}, 60000, nullptr, done); });
    ASSERT_TRUE(after.ok() && after->ok) << (after.ok() ? after->message.toStdString()
                                                        : after.error().message.toStdString());
}

TEST_F(SnapshotTest, AManifestStaysTrueForFilesThatGrowWhileItIsWritten)
{
    // A writer appending as fast as it can while the manifest is computed: each manifest line must
    // describe one moment of its file (the hash of exactly <size> bytes), or drills fail falsely.
    ExecRequest setup;
    setup.command = QStringLiteral("mkdir -p /workspace/.gpufailover && echo 5 > /workspace/.gpufailover/generation; "
                                   "(nohup sh -c 'while :; do echo appended-line-of-text >> /workspace/fast.log; done' "
                                   ">/dev/null 2>&1 </dev/null &)");
    ASSERT_TRUE(test::awaitResult<ExecResult>([&](auto done) { shell->exec(target(), setup, nullptr, done); })->ok());
    ASSERT_TRUE(test::waitUntil(
        [&] { return QFileInfo(QDir(host->workspaceDir()).filePath(QStringLiteral("fast.log"))).size() > 100000; }));
    for (int round = 0; round < 5; ++round) {
        ExecRequest manifest;
        manifest.command = ResticSnapshotBackend::manifestScript(5);
        const auto m
            = test::awaitResult<ExecResult>([&](auto done) { shell->exec(target(), manifest, nullptr, done); });
        ASSERT_TRUE(m.ok() && m->ok()) << (m.ok() ? m->err.toStdString() : m.error().message.toStdString());
        ExecRequest verify;
        verify.command = ResticSnapshotBackend::verifyScript(QStringLiteral("/workspace"));
        const auto v = test::awaitResult<ExecResult>([&](auto done) { shell->exec(target(), verify, nullptr, done); });
        ASSERT_TRUE(v.ok());
        EXPECT_FALSE(v->out.contains("BAD")) << v->out.toStdString();
        EXPECT_TRUE(v->out.contains("RESULT ")) << v->out.toStdString();
    }
    // A stale generation is refused before anything is written.
    ExecRequest stale;
    stale.command = ResticSnapshotBackend::manifestScript(4);
    const auto refused = test::awaitResult<ExecResult>([&](auto done) { shell->exec(target(), stale, nullptr, done); });
    ASSERT_TRUE(refused.ok());
    EXPECT_EQ(refused->exitStatus, 42);
}
