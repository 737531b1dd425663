// restic on a real test host (sshd in its namespace) against a real S3 server on loopback (s3rver
// over TLS), driven over SSH: the base of the snapshot tier.
#include "core/clock.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/writechecker.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/resticsession.h"
#include "remote/resticsnapshotbackend.h"
#include "remote/sshkey.h"
#include "sim/s3testserver.h"
#include "sim/simmarket.h"
#include "sim/sshtesthost.h"

#include "support/fastworld.h"
#include "support/testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

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
            SshTestHost::Options { dir.filePath(QStringLiteral("host")), {}, { key.publicKey }, 1, {}, false, {} });
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
            s3->caCertPem() };
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
    // Enough incompressible data that a backup of it runs long enough to be caught mid-way.
    void writeBigFiles(int count)
    {
        QByteArray chunk(8 * 1024 * 1024, Qt::Uninitialized);
        for (int i = 0; i < count; ++i) {
            QRandomGenerator::global()->generate(
                reinterpret_cast<quint32 *>(chunk.data()), reinterpret_cast<quint32 *>(chunk.data() + chunk.size()));
            test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral("big-%1.bin").arg(i)), chunk);
        }
    }
    SshEndpoint endpoint() const { return { host->host(), host->port(), true, QStringLiteral("root") }; }

    // Replaces the host with one built differently (a bare image, or root that obeys permissions).
    void replaceHost(const QStringList &missingCommands, bool rootObeysPermissions)
    {
        const QString root = dir.filePath(QStringLiteral("host-%1").arg(missingCommands.join(u'-')));
        QDir().mkpath(root);
        host = std::make_unique<SshTestHost>(
            SshTestHost::Options { root, {}, { key.publicKey }, 1, missingCommands, rootObeysPermissions, {} });
        ASSERT_TRUE(host->start().ok());
        writeWorkspace();
        test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral(".gpufailover/generation")), "3\n");
    }

    Result<SnapshotBackend::Taken> take(ResticSnapshotBackend &backend, qint64 generation = 3)
    {
        return test::awaitResult<SnapshotBackend::Taken>(
            [&](auto done) { backend.take(endpoint(), generation, {}, nullptr, done); }, 180000);
    }
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
// A warm pool in a simulated world and restic snapshots to a local S3 store, for the snapshot
// service's own decisions.
class SnapshotServiceTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    std::unique_ptr<DemoWorld> made;
    std::unique_ptr<S3TestServer> store;
    std::unique_ptr<ResticSnapshotBackend> restic;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why) || !S3TestServer::supported(&why))
            GTEST_SKIP() << why.toStdString();
        auto w = DemoWorld::create(test::fastWorld(dir.path(), QStringLiteral("snap")));
        ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
        made = std::move(w).value();
        QDir().mkpath(dir.filePath(QStringLiteral("s3")));
        store = std::make_unique<S3TestServer>(S3TestServer::Options { dir.filePath(QStringLiteral("s3")) });
        ASSERT_TRUE(store->start().ok());
        const ResticRepo repo { store->repository(QStringLiteral("snap")), QStringLiteral("pw-snapshot-service-0123"),
            S3TestServer::accessKeyId(), S3TestServer::secretAccessKey(), QStringLiteral("us-east-1"),
            store->caCertPem() };
        restic = std::make_unique<ResticSnapshotBackend>(&made->shell(), repo, 600000);
    }

    // The service under test, its alerts and drills collected.
    SnapshotService &serve(const SnapshotPolicy &policy)
    {
        served = std::make_unique<SnapshotService>(
            &made->pool(), restic.get(), &made->cloud(), &made->journal(), &made->clock(), policy);
        QObject::connect(served.get(), &SnapshotService::alert, served.get(),
            [this](const QString &kind, const QString &) { alerts << kind; });
        QObject::connect(served.get(), &SnapshotService::drillFinished, served.get(),
            [this](const SnapshotBackend::Drill &d) { drills << d; });
        return *served;
    }
    QStringList alerts;
    QList<SnapshotBackend::Drill> drills;
    std::unique_ptr<SnapshotService> served;
};

TEST_F(SnapshotServiceTest, SnapshotsTheHolderOnScheduleAndVerifiesRestoreDrills)
{
    DemoWorld &world = *made;
    S3TestServer &s3 = *store;
    ResticSnapshotBackend &backend = *restic;
    SnapshotPolicy policy;
    policy.intervalMs = 60000;
    policy.drillEvery = 2;
    policy.checkEvery = 1;
    policy.checkSubsets = 3;
    SnapshotService &service = serve(policy);

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

    // Retention and a check after each snapshot, each check reading the next third of the data;
    // the repository's size and the bytes uploaded are there for the cost model.
    JournalQuery q;
    q.kinds = { QStringLiteral("snapshot_maintenance") };
    QStringList subsets;
    const auto maintenance = world.journal().query(q);
    ASSERT_TRUE(maintenance.ok());
    const QList<JournalEvent> events = *maintenance;
    for (const JournalEvent &e : events) {
        if (e.phase == JournalPhase::Intent)
            subsets << e.data.value(QStringLiteral("check")).toString();
        else
            EXPECT_TRUE(e.ok.value_or(false)) << e.data.value(QStringLiteral("detail")).toString().toStdString();
    }
    ASSERT_GE(subsets.size(), 2);
    EXPECT_EQ(subsets.mid(0, 2), (QStringList { QStringLiteral("1/3"), QStringLiteral("2/3") }));
    EXPECT_EQ(service.state().repositoryHealthy, std::optional<bool>(true));
    EXPECT_GT(service.state().repositoryBytes, 0);
    EXPECT_GT(service.state().lastBytesUploaded, 0);
    EXPECT_GE(service.state().bytesUploadedTotal, service.state().lastBytesUploaded);
    EXPECT_EQ(service.state().verifiedSnapshotId, drills.first().snapshotId);

    // A restart knows what was verified: the state is in the journal.
    SnapshotService restarted(&world.pool(), &backend, &world.cloud(), &world.journal(), &world.clock(), policy);
    EXPECT_EQ(restarted.state().verifiedSnapshotId, service.state().verifiedSnapshotId);
    EXPECT_EQ(restarted.lastVerifiedRestorePoint(), service.lastVerifiedRestorePoint());
    EXPECT_EQ(restarted.state().repositoryBytes, service.state().repositoryBytes);

    // Only the holder of the newest generation writes snapshots.
    const auto primary = world.market().instance(world.pool().record().primaryId);
    ASSERT_NE(primary, nullptr);
    const SshEndpoint endpoint { primary->sshHostOverride, primary->sshPortOverride, true, QStringLiteral("root") };
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
    // A check finds the packs gone: the repository is shown unhealthy.
    service.checkNow();
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("repository_unhealthy")); }, 120000))
        << alerts.join(u',').toStdString();
    EXPECT_EQ(service.state().repositoryHealthy, std::optional<bool>(false));
}

// A snapshot of a workspace that was emptied restores exactly what it holds, so its drill passes;
// it is still no restore point: the one before, with the data, stays the point a lost host is
// rebuilt from.
TEST_F(SnapshotServiceTest, AnEmptiedWorkspaceVerifiesButNeverBecomesTheRestorePoint)
{
    DemoWorld &world = *made;
    ResticSnapshotBackend &backend = *restic;
    SnapshotPolicy policy;
    policy.intervalMs = 24 * 3600000LL; // only when asked
    policy.drillEvery = 1; // every snapshot drilled right after it is taken
    policy.checkEvery = 0;
    SnapshotService &service = serve(policy);
    int taken = 0;
    QObject::connect(&service, &SnapshotService::snapshotTaken, &service, [&] { ++taken; });
    world.pool().start();
    ASSERT_TRUE(test::waitUntil([&] { return world.pool().state() == WarmPool::State::Active; }, 60000));
    const SimInstance *primary = world.market().instance(world.pool().record().primaryId);
    ASSERT_NE(primary, nullptr);
    const SshEndpoint endpoint { primary->sshHostOverride, primary->sshPortOverride, true, QStringLiteral("root") };
    const auto onPrimary = [&](const QString &command) {
        const auto r = test::awaitResult<QByteArray>(
            [&](auto done) { world.access().run(endpoint, command, 60000, &service, done); });
        ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    };
    const auto snapshotAndDrill = [&] {
        const int before = taken;
        const auto drilled = drills.size();
        service.snapshotNow();
        ASSERT_TRUE(test::waitUntil([&] { return taken > before && drills.size() > drilled; }, 120000))
            << alerts.join(u',').toStdString();
        ASSERT_TRUE(drills.last().verified) << drills.last().detail.toStdString();
    };
    onPrimary(QStringLiteral("mkdir -p /workspace/data && for i in $(seq 40); do echo $i > /workspace/data/f$i; done"));
    snapshotAndDrill();
    const QString withData = service.state().verifiedSnapshotId;
    const QDateTime point = *service.lastVerifiedRestorePoint();
    ASSERT_FALSE(withData.isEmpty());
    EXPECT_GE(service.state().verifiedFiles, 40);

    onPrimary(QStringLiteral("rm -rf /workspace/data"));
    snapshotAndDrill();
    EXPECT_NE(drills.last().snapshotId, withData);
    EXPECT_TRUE(alerts.contains(QStringLiteral("snapshot_shrunk"))) << alerts.join(u',').toStdString();
    EXPECT_EQ(service.state().verifiedSnapshotId, withData);
    EXPECT_EQ(*service.lastVerifiedRestorePoint(), point);
    // A restart keeps the bar: it is in the journal with the restore point.
    SnapshotService restarted(&world.pool(), &backend, &world.cloud(), &world.journal(), &world.clock(), policy);
    EXPECT_EQ(restarted.state().verifiedFiles, service.state().verifiedFiles);
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
    writeBigFiles(40);
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

TEST_F(SnapshotTest, ResticIsUploadedToAHostThatHasNoneAndOnlyOnce)
{
    replaceHost({ QStringLiteral("restic") }, false);
    ExecRequest which;
    which.command = QStringLiteral("restic version");
    const auto bare = test::awaitResult<ExecResult>([&](auto done) { shell->exec(target(), which, nullptr, done); });
    ASSERT_TRUE(bare.ok());
    ASSERT_NE(bare->exitStatus, 0) << "the host still has restic: " << bare->out.toStdString();

    ResticSnapshotBackend backend(shell.get(), repo, 180000);
    const auto first = take(backend);
    ASSERT_TRUE(first.ok()) << first.error().message.toStdString();
    EXPECT_FALSE(first->snapshotId.isEmpty());
    const QFileInfo uploaded(QDir(host->workspaceDir()).filePath(QStringLiteral("../home/.gpufailover/bin/restic")));
    ASSERT_TRUE(uploaded.exists()) << uploaded.filePath().toStdString();
    EXPECT_TRUE(uploaded.isExecutable());
    const QDateTime uploadedAt = uploaded.lastModified();

    const auto second = take(backend);
    ASSERT_TRUE(second.ok()) << second.error().message.toStdString();
    EXPECT_EQ(QFileInfo(uploaded.filePath()).lastModified(), uploadedAt) << "uploaded again";
    const auto drilled = test::awaitResult<SnapshotBackend::Drill>(
        [&](auto done) { backend.drill(endpoint(), second->snapshotId, nullptr, done); }, 180000);
    ASSERT_TRUE(drilled.ok() && drilled->verified)
        << (drilled.ok() ? drilled->detail.toStdString() : drilled.error().message.toStdString());

    // Nothing to upload: said clearly, nothing half-done.
    replaceHost({ QStringLiteral("restic") }, false);
    ResticSnapshotBackend noLocal(shell.get(), repo, 180000, dir.filePath(QStringLiteral("no-such-restic")));
    QFile::remove(QDir(host->workspaceDir()).filePath(QStringLiteral("../home/.gpufailover/bin/restic")));
    const auto missing = take(noLocal);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, QStringLiteral("missing")) << missing.error().message.toStdString();
}

TEST_F(SnapshotTest, AnUnreadableFileMakesASnapshotThatIsShownIncomplete)
{
    replaceHost({}, true);
    const QString secret = QDir(host->workspaceDir()).filePath(QStringLiteral("private.key"));
    test::writeFile(secret, "unreadable");
    ASSERT_TRUE(QFile::setPermissions(secret, QFileDevice::Permissions {}));
    ResticSnapshotBackend backend(shell.get(), repo, 180000);
    // The manifest cannot hash it either; it says so, and the snapshot of the rest is still taken.
    const auto taken = take(backend);
    ASSERT_TRUE(taken.ok()) << taken.error().message.toStdString();
    EXPECT_TRUE(taken->incomplete);
    EXPECT_TRUE(taken->detail.contains(QStringLiteral("private.key"))) << taken->detail.toStdString();

    QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const auto complete = take(backend);
    ASSERT_TRUE(complete.ok()) << complete.error().message.toStdString();
    EXPECT_FALSE(complete->incomplete);
}

TEST_F(SnapshotTest, ResticKilledMidBackupLeavesThePreviousSnapshotWhole)
{
    ResticSession session(shell.get(), target(), repo);
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) { session.init(nullptr, done); })->ok);
    ASSERT_TRUE(test::awaitResult<ResticBackup>([&](auto done) {
        session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 120000, nullptr, done);
    })->outcome.ok);
    const QByteArray before = hashes(QStringLiteral("/workspace"));

    writeBigFiles(40);
    std::optional<Result<ResticBackup>> killed;
    session.backup({ QStringLiteral("/workspace") }, {}, QStringLiteral("gpu-a"), 300000, nullptr,
        [&](Result<ResticBackup> b) { killed.emplace(b); });
    // Killed once it has uploaded something: a data pack of this backup is in the bucket.
    const QString data = s3->bucketDir() + QStringLiteral("/pool-1/data");
    const auto packs = [&] {
        int n = 0;
        QDirIterator it(data, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            n += it.next().endsWith(QStringLiteral("_S3rver_metadata.json")) ? 0 : 1;
        return n;
    };
    const int packsBefore = packs();
    ASSERT_TRUE(test::waitUntil([&] { return packs() > packsBefore + 1 || killed.has_value(); }, 120000));
    ASSERT_FALSE(killed.has_value()) << "the backup finished before it could be killed; make it bigger";
    // From outside, as the OOM killer or a crash would: every restic process of that host.
    int resticKilled = 0;
    for (const qint64 pid : host->pids()) {
        if (test::readAll(QStringLiteral("/proc/%1/comm").arg(pid)).trimmed() == "restic")
            resticKilled += ::kill(pid_t(pid), SIGKILL) == 0 ? 1 : 0;
    }
    ASSERT_GT(resticKilled, 0) << "no restic process found on the host";
    ASSERT_TRUE(test::waitUntil([&] { return killed.has_value(); }, 60000));
    ASSERT_TRUE(killed->ok());
    EXPECT_FALSE((*killed)->outcome.ok) << "a killed backup must not look like a snapshot";

    EXPECT_EQ(test::awaitResult<QJsonArray>([&](auto done) { session.snapshots(nullptr, done); })->size(), 1);
    // Its lock stays behind; only restic's own staleness test may remove it.
    const auto locked = test::awaitResult<ResticOutcome>([&](auto done) { session.check({}, 120000, nullptr, done); });
    ASSERT_TRUE(locked.ok());
    EXPECT_EQ(locked->code, QStringLiteral("lock_conflict"));
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) { session.unlockStale(nullptr, done); })->ok);
    const auto check = test::awaitResult<ResticOutcome>([&](auto done) { session.check({}, 120000, nullptr, done); });
    ASSERT_TRUE(check.ok() && check->ok) << (check.ok() ? check->message.toStdString()
                                                        : check.error().message.toStdString());
    ASSERT_TRUE(test::awaitResult<ResticOutcome>([&](auto done) {
        session.restoreLatest(dir.filePath(QStringLiteral("after-kill")), 120000, nullptr, done);
    })->ok);
    EXPECT_EQ(hashes(dir.filePath(QStringLiteral("after-kill/workspace"))), before);
}

TEST_F(SnapshotTest, WrongObjectStoreCredentialsAreSaidClearlyWithoutARetryStorm)
{
    test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral(".gpufailover/generation")), "3\n");
    ResticRepo wrong = repo;
    wrong.accessKeyId = QStringLiteral("NOT-OUR-KEY-ID");
    wrong.secretAccessKey = QStringLiteral("not-the-secret-key");
    ResticSnapshotBackend backend(shell.get(), wrong, 180000);
    const qint64 logBefore = QFileInfo(s3->logFile()).size();
    const auto refused = take(backend);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, QStringLiteral("credentials")) << refused.error().message.toStdString();
    EXPECT_FALSE(refused.error().message.contains(QStringLiteral("not-the-secret-key")));
    // restic gives up on a refusal instead of retrying with backoff: a handful of requests.
    QFile log(s3->logFile());
    ASSERT_TRUE(log.open(QIODevice::ReadOnly));
    log.seek(logBefore);
    // s3rver logs one "<status> <n>ms <size>" line per answered request.
    const qint64 requests = QString::fromUtf8(log.readAll()).count(QRegularExpression(QStringLiteral("\\b\\d+ms\\b")));
    EXPECT_GE(requests, 1) << "the refusal itself is not in the log: the count below means nothing";
    EXPECT_LE(requests, 10) << "requests to the store for one refused snapshot";
}

// Host-loss recovery on a live pool: the whole machine goes, the pool comes back elsewhere from
// the newest verified snapshot, or stays degraded when there is none to trust.
class HostLossTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    std::unique_ptr<DemoWorld> world;
    QStringList alerts;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why) || !S3TestServer::supported(&why))
            GTEST_SKIP() << why.toStdString();
        DemoWorld::Options o = test::fastWorld(dir.path(), QStringLiteral("lost"));
        o.pool.offlineGraceMs = 20000;
        o.pool.fenceDeadlineMs = 30000;
        o.snapshots = true;
        o.snapshotPolicy.intervalMs = 60000;
        o.snapshotPolicy.drillEvery = 1;
        o.recoveryRetryMs = 30000;
        auto w = DemoWorld::create(o);
        ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
        world = std::move(w).value();
        watchAlerts();
    }

    void watchAlerts()
    {
        QObject::connect(world->recovery(), &HostLossRecovery::alert, world->recovery(),
            [this](const QString &kind, const QString &) { alerts << kind; });
    }

    int liveInstancesOf(qint64 machineId)
    {
        int n = 0;
        for (const SimInstance *i : world->market().instances())
            n += i->machineId == machineId ? 1 : 0;
        return n;
    }
};

TEST_F(HostLossTest, WithoutAVerifiedSnapshotNothingIsRebuiltEmpty)
{
    world->pool().start(); // no snapshots: nothing was ever verified
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000));
    const WarmPool::Record before = world->pool().record();
    ASSERT_TRUE(world->market().killHost(before.machineId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("host_lost_no_snapshot")); }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().state(), WarmPool::State::Degraded);
    for (const qint64 machine : { 802, 803 })
        EXPECT_EQ(liveInstancesOf(machine), 0) << "rented on machine " << machine << " with nothing to restore";
}

TEST_F(HostLossTest, ARelocationInterruptedByARestartIsResumedAndVerified)
{
    world->start();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000));
    ASSERT_TRUE(test::waitUntil([&] { return world->snapshots()->lastVerifiedRestorePoint().has_value(); }, 120000));
    const QString verified = world->snapshots()->state().verifiedSnapshotId;
    world->snapshots()->stop();
    const WarmPool::Record before = world->pool().record();
    bool provisioning = false;
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        provisioning |= e.kind == u"provision" && e.phase == JournalPhase::Intent && world->pool().relocationPending();
    });
    ASSERT_TRUE(world->market().killHost(before.machineId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return provisioning; }, 120000)) << world->pool().lastReason().toStdString();

    // kill -9 in the middle of renting the new machine: the new engine rolls that back by label
    // and the relocation starts again from the same verified snapshot.
    world->restartEngine();
    watchAlerts();
    world->start();
    EXPECT_TRUE(world->pool().relocationPending() || world->pool().state() != WarmPool::State::Active);
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().state() == WarmPool::State::Active && !world->pool().relocationPending(); }, 180000))
        << world->pool().lastReason().toStdString();
    const WarmPool::Record after = world->pool().record();
    EXPECT_NE(after.machineId, before.machineId);
    EXPECT_GT(after.generation, before.generation);
    ASSERT_TRUE(world->recovery()->lastRestore().has_value());
    EXPECT_TRUE(world->recovery()->lastRestore()->verified) << world->recovery()->lastRestore()->detail.toStdString();
    EXPECT_EQ(world->recovery()->lastRestore()->snapshotId, verified);
    // Exactly the new pool's two instances on its machine: the interrupted attempt left nothing.
    EXPECT_EQ(liveInstancesOf(after.machineId), 2);
    EXPECT_TRUE(world->journal().openSteps(QStringLiteral("lost"))->isEmpty());
    JournalQuery q;
    q.kinds = { QStringLiteral("provision"), QStringLiteral("relocate") };
    int rolledBack = 0, relocations = 0;
    const auto steps = world->journal().query(q);
    ASSERT_TRUE(steps.ok());
    for (const JournalEvent &e : *steps) {
        rolledBack += e.kind == u"provision" && e.phase == JournalPhase::Outcome && !e.ok.value_or(true)
            && e.data.value(QStringLiteral("error")).toString().contains(QStringLiteral("restart"));
        relocations += e.kind == u"relocate" && e.phase == JournalPhase::Intent;
    }
    EXPECT_EQ(rolledBack, 1) << "the interrupted provisioning was rolled back";
    EXPECT_EQ(relocations, 2) << "relocated once before the restart and once after";
    // The restored data is there: the workload's log from before the snapshot, extended since.
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.lostHoles, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
    EXPECT_GT(c.onVolume, 0);
}

// With no warm standby to try (the warm pool off here; the same holds for a host lost right
// after a failover, before a new standby is rented), the lost host is the snapshot tier's at once.
TEST_F(HostLossTest, AHostLostWithNoStandbyToTryIsRebuiltFromTheVerifiedSnapshot)
{
    world->pool().setWarmPoolEnabled(false);
    world->start();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000));
    ASSERT_EQ(world->pool().record().standbyId, 0);
    ASSERT_TRUE(test::waitUntil([&] { return world->snapshots()->lastVerifiedRestorePoint().has_value(); }, 120000));
    const QString verified = world->snapshots()->state().verifiedSnapshotId;
    world->snapshots()->stop();
    const WarmPool::Record before = world->pool().record();
    ASSERT_TRUE(world->market().killHost(before.machineId).ok());
    // Another tier finds the host lost while this rebuild rents: it must not rent a second one.
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const WarmPool::State s = world->pool().state();
            return world->pool().relocationPending()
                && (s == WarmPool::State::Searching || s == WarmPool::State::Provisioning);
        },
        180000))
        << world->pool().lastReason().toStdString();
    bool secondPrepared = false;
    world->pool().relocate(QStringLiteral("a second tier"),
        [&](const SshEndpoint &, QObject *, std::function<void(Result<QJsonObject>)> done) {
            secondPrepared = true;
            done(QJsonObject {});
        });
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return world->pool().state() == WarmPool::State::Active
                && world->pool().record().machineId != before.machineId;
        },
        180000))
        << world->pool().lastReason().toStdString();
    EXPECT_FALSE(secondPrepared);
    EXPECT_EQ(world->market().instances().size(), 1) << "one GPU rented for the rebuild, and only one";
    EXPECT_TRUE(alerts.contains(QStringLiteral("host_lost"))) << alerts.join(u' ').toStdString();
    ASSERT_TRUE(world->recovery()->lastRestore().has_value());
    EXPECT_TRUE(world->recovery()->lastRestore()->verified);
    EXPECT_EQ(world->recovery()->lastRestore()->snapshotId, verified);
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.lostHoles, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

// Nothing watches a stopped primary, so a host lost while its pool sleeps shows up when the pool
// is woken: the wake fails, the pool is degraded on a lost machine, and it is rebuilt elsewhere
// from the verified snapshot taken before the sleep.
TEST_F(HostLossTest, AHostLostWhileItsPoolHibernatesIsRebuiltWhenThePoolIsWoken)
{
    world->start();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000));
    ASSERT_TRUE(test::waitUntil([&] { return world->snapshots()->lastVerifiedRestorePoint().has_value(); }, 120000));
    world->snapshots()->stop();
    const auto slept = test::awaitStatus(
        [&](auto done) { world->hibernation().hibernateNow(QStringLiteral("night"), done); }, 60000);
    ASSERT_TRUE(slept.ok()) << slept.error().message.toStdString();
    const WarmPool::Record before = world->pool().record();
    ASSERT_TRUE(world->market().killHost(before.machineId).ok());
    // Asleep, nobody notices: no failover, no relocation.
    const qint64 until = world->clock().monotonicMs() + 5 * world->options().pool.healthIntervalMs;
    ASSERT_TRUE(test::waitUntil([&] { return world->clock().monotonicMs() > until; }));
    EXPECT_EQ(world->pool().state(), WarmPool::State::Hibernated);

    const auto woken = test::awaitStatus([&](auto done) { world->hibernation().wake(done); }, 120000);
    ASSERT_FALSE(woken.ok()) << "a primary on a lost machine does not wake";
    EXPECT_EQ(woken.error().code, QStringLiteral("wake_failed"));
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().state() == WarmPool::State::Active && !world->pool().relocationPending(); }, 180000))
        << world->pool().lastReason().toStdString();
    const WarmPool::Record after = world->pool().record();
    EXPECT_NE(after.machineId, before.machineId);
    EXPECT_FALSE(after.hibernated);
    EXPECT_TRUE(alerts.contains(QStringLiteral("host_lost"))) << alerts.join(u',').toStdString();
    ASSERT_TRUE(world->recovery()->lastRestore().has_value());
    EXPECT_TRUE(world->recovery()->lastRestore()->verified);
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.lostHoles, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

// disaster-recovery.md's by-hand restore, run as written: a snapshot the product took is listed,
// restored and verified by the guide's own commands with this machine's restic and nothing of
// the app. A file damaged after the restore makes the guide's check fail.
TEST_F(SnapshotTest, TheByHandRestoreOfTheDisasterRecoveryGuideWorks)
{
    test::writeFile(QDir(host->workspaceDir()).filePath(QStringLiteral(".gpufailover/generation")), "3\n");
    ResticSnapshotBackend backend(shell.get(), repo, 180000);
    const auto taken = take(backend);
    ASSERT_TRUE(taken.ok()) << taken.error().message.toStdString();

    const QByteArray guide = test::readAll(QStringLiteral(GPF_TESTS_DIR "/../docs/disaster-recovery.md"));
    const qsizetype marker = guide.indexOf("<!-- dr-by-hand:");
    ASSERT_GE(marker, 0) << "the guide lost its tested block";
    const qsizetype begin = guide.indexOf("```sh\n", marker) + 6;
    const qsizetype end = guide.indexOf("```", begin);
    ASSERT_GT(end, begin);
    const QString block = QString::fromUtf8(guide.mid(begin, end - begin));

    QTemporaryDir target;
    const auto runGuide = [&](const QString &script, QByteArray *out) {
        QProcess sh;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RESTIC_REPOSITORY"), repo.repository);
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), repo.accessKeyId);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), repo.secretAccessKey);
        env.insert(QStringLiteral("AWS_DEFAULT_REGION"), repo.region);
        env.insert(QStringLiteral("RESTIC_PASSWORD"), repo.password);
        env.insert(QStringLiteral("TARGET"), target.path());
        env.insert(QStringLiteral("SSL_CERT_FILE"), s3->caCertFile()); // our test store's own CA
        env.insert(QStringLiteral("RESTIC_CACHE_DIR"), dir.filePath(QStringLiteral("restic-cache")));
        sh.setProcessEnvironment(env);
        sh.setProcessChannelMode(QProcess::MergedChannels);
        sh.start(QStringLiteral("sh"), { QStringLiteral("-c"), script });
        sh.waitForFinished(180000);
        *out = sh.readAll();
        return sh.exitStatus() == QProcess::NormalExit ? sh.exitCode() : -1;
    };
    QByteArray out;
    ASSERT_EQ(runGuide(block, &out), 0) << out.toStdString();
    EXPECT_TRUE(out.contains("verified 52 files, 0 bad")) << out.toStdString();
    const QString model = QStringLiteral("checkpoints/epoch-3/model.pt");
    EXPECT_EQ(test::readAll(QDir(target.path()).filePath(QStringLiteral("workspace/") + model)),
        test::readAll(QDir(host->workspaceDir()).filePath(model)));

    // The guide's check is no formality: a damaged file fails it.
    QFile damaged(QDir(target.path()).filePath(QStringLiteral("workspace/logs-7.txt")));
    ASSERT_TRUE(damaged.open(QIODevice::ReadWrite));
    damaged.write("X");
    damaged.close();
    const QString check = block.mid(block.indexOf(QStringLiteral("cd \"$TARGET/workspace\"")));
    ASSERT_NE(runGuide(QStringLiteral("set -eu\n") + check, &out), 0) << out.toStdString();
    EXPECT_TRUE(out.contains("BAD ./logs-7.txt")) << out.toStdString();
}
