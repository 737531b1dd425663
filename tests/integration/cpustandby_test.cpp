// The CPU standby tier on a whole simulated setup: one GPU alone (no host has room for a warm
// pair), a GCP Spot VM backed by a real sshd host, real rsync between them.
#include "core/clock.h"
#include "core/costtracker.h"
#include "core/cpustandby.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/writechecker.h"
#include "sim/s3testserver.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "support/fastworld.h"
#include "support/testutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

class CpuStandbyTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    std::unique_ptr<DemoWorld> world;
    QStringList alerts;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        build(options());
        ASSERT_NE(world, nullptr);
    }

    // One GPU alone (three one-GPU hosts) and its CPU standby, syncing every 20 simulated seconds.
    DemoWorld::Options options()
    {
        DemoWorld::Options o = test::fastWorld(dir.path(), QStringLiteral("cpu"));
        o.singleGpuMarket = true;
        o.pool.gpuNames = { QStringLiteral("RTX 4090") };
        o.cpuStandby = true;
        o.cpuOptions.syncIntervalMs = 20000;
        o.cpuOptions.retryMs = 20000;
        return o;
    }

    void build(const DemoWorld::Options &o)
    {
        world.reset();
        auto w = DemoWorld::create(o);
        ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
        world = std::move(w).value();
        watch();
    }

    void watch()
    {
        QObject::connect(world->cpuStandby(), &CpuStandby::alert, world->cpuStandby(),
            [this](const QString &kind, const QString &) { alerts << kind; });
    }

    CpuStandby &cpu() { return *world->cpuStandby(); }
    // Lets `rounds` sync intervals pass on the simulated clock.
    void letRoundsPass(int rounds)
    {
        const qint64 until = world->clock().monotonicMs() + rounds * 20000;
        test::waitUntil([&] { return world->clock().monotonicMs() >= until; }, 60000);
    }
    const SimGcpApi::Vm *vm() { return world->sim().gcp().vm(cpu().vm()->zone, cpu().vm()->name); }

    void startAndSync(qint64 atLeast = 2)
    {
        world->start();
        ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000))
            << world->pool().lastReason().toStdString();
        EXPECT_FALSE(world->pool().record().warmStandby) << "one GPU alone: no host had room for two";
        EXPECT_EQ(world->pool().readiness(), WarmPool::Readiness::Amber);
        ASSERT_TRUE(test::waitUntil([&] { return cpu().copy() && cpu().copy()->sequence >= atLeast; }, 60000))
            << cpu().lastError().toStdString();
    }
};

} // namespace

TEST_F(CpuStandbyTest, APreemptedStandbyVmIsStartedAgainAndKeepsItsCopy)
{
    startAndSync();
    const qint64 before = cpu().copy()->sequence;
    ASSERT_TRUE(cpu().lossWindowMs().has_value());
    EXPECT_GE(*cpu().lossWindowMs(), 0);
    ASSERT_TRUE(world->sim().gcp().preempt(cpu().vm()->zone, cpu().vm()->name).ok());
    EXPECT_EQ(vm()->status, QStringLiteral("TERMINATED"));
    // The next round finds it stopped, starts it, and syncs on top of the copy its disk kept.
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("cpu_vm_restarted")); }, 60000))
        << alerts.join(u',').toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return cpu().copy()->sequence > before; }, 60000))
        << cpu().lastError().toStdString();
    EXPECT_EQ(vm()->status, QStringLiteral("RUNNING"));
    EXPECT_EQ(cpu().state(), CpuStandby::State::Standby);
    EXPECT_EQ(cpu().copy()->sequence, before + 1) << "the generations on its disk survived the preemption";
}

// The slow side of a stuck destination: the standby's disk stops answering (its VM frozen mid-sync, the
// extreme of 500 ms per I/O). The run in flight waits; no second run starts on top of it; the copy
// ages, and past two sync intervals the loss_window alert says so, once. When the disk answers
// again the run completes and the copies go on.
TEST_F(CpuStandbyTest, AStuckDestinationNeverGetsOverlappingSyncsAndTheAgingCopyAlerts)
{
    startAndSync();
    SshTestHost *standby = world->hosts().hostOfVm(cpu().vm()->zone, cpu().vm()->name);
    ASSERT_NE(standby, nullptr);
    SshTestHost *gpu = world->hosts().hostOf(world->pool().record().primaryId);
    ASSERT_NE(gpu, nullptr);
    const auto rsyncsOnTheGpu = [gpu] {
        int n = 0;
        for (qint64 pid : gpu->pids()) {
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            n += comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "rsync" ? 1 : 0;
        }
        return n;
    };
    // The copy is fresh now, so the alert is re-armed. A busy machine may have aged the first
    // copy past two intervals already, and alerted then: only the alerts after the freeze count.
    ASSERT_TRUE(test::waitUntil([&] { return *cpu().lossWindowMs() < 2 * 20000; }, 30000));
    const qsizetype alertsBefore = alerts.count(QStringLiteral("loss_window"));
    const int completed = cpu().syncsCompleted();
    ASSERT_TRUE(standby->hang().ok());
    int most = 0;
    const bool alerted = test::waitUntil(
        [&] {
            most = qMax(most, rsyncsOnTheGpu());
            return alerts.count(QStringLiteral("loss_window")) > alertsBefore;
        },
        30000);
    EXPECT_TRUE(alerted) << alerts.join(u',').toStdString();
    EXPECT_GT(*cpu().lossWindowMs(), 2 * 20000);
    EXPECT_EQ(cpu().syncsCompleted(), completed);
    EXPECT_LE(most, 1) << "two syncs ran at once";
    // Once: the copy keeps aging, and the alert stays said until a sync completes.
    letRoundsPass(3);
    EXPECT_EQ(alerts.count(QStringLiteral("loss_window")), alertsBefore + 1);

    ASSERT_TRUE(standby->resume().ok());
    ASSERT_TRUE(test::waitUntil([&] { return cpu().syncsCompleted() >= completed + 2; }, 60000))
        << cpu().lastError().toStdString();
    EXPECT_LT(*cpu().lossWindowMs(), 2 * 20000);
    // The laptop's wall clock set an hour ahead does not age the copy.
    SystemClock *clock = &world->clock();
    clock->setWallSkewMs(3600 * 1000);
    EXPECT_LT(*cpu().lossWindowMs(), 2 * 20000);
    clock->setWallSkewMs(0);
}

TEST_F(CpuStandbyTest, AHungGpuIsStoppedBeforeTheCopyIsPutInServiceElsewhere)
{
    // While it is the active target the VM runs the user's serve command; back in standby, not.
    DemoWorld::Options o = options();
    // A child in the background that beats every 100 ms: stopping the serve command stops it too.
    o.cpuOptions.serveCommand = QStringLiteral(
        "echo serving >> /root/served.txt; (while :; do echo x >> /root/beat.txt; sleep 0.1; done) & exec sleep 600");
    build(o);
    ASSERT_NE(world, nullptr);
    startAndSync();
    const WarmPool::Record before = world->pool().record();
    // The API says running, SSH says nothing: dead for the detector, but not confirmed stopped.
    ASSERT_TRUE(world->market().hangInstance(before.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("fencing")); }, 120000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return world->pool().state() == WarmPool::State::Active
                && world->pool().record().primaryId != before.primaryId;
        },
        180000))
        << world->pool().lastReason().toStdString();
    // The old primary was asked to stop before anything else was rented or restored.
    JournalQuery q;
    q.kinds = { QStringLiteral("relocate"), QStringLiteral("cpu_fence"), QStringLiteral("provision") };
    const auto events = world->journal().query(q);
    ASSERT_TRUE(events.ok());
    QStringList order;
    for (const JournalEvent &e : *events)
        if (e.phase != JournalPhase::Outcome && (order.isEmpty() || order.last() != e.kind))
            order << e.kind;
    ASSERT_GE(order.size(), 3) << order.join(u',').toStdString();
    EXPECT_EQ(order.mid(order.size() - 3),
        (QStringList { QStringLiteral("cpu_fence"), QStringLiteral("relocate"), QStringLiteral("provision") }))
        << order.join(u',').toStdString();
    ASSERT_TRUE(cpu().lastRestore().has_value());
    EXPECT_TRUE(cpu().lastRestore()->verified) << cpu().lastRestore()->detail.toStdString();
    SshTestHost *vmHost = world->hosts().hostOfVm(cpu().vm()->zone, cpu().vm()->name);
    ASSERT_NE(vmHost, nullptr);
    const QString home = QFileInfo(vmHost->workspaceDir()).dir().filePath(QStringLiteral("home"));
    EXPECT_EQ(test::readAll(home + QStringLiteral("/served.txt")), "serving\n") << "the serve command ran once";
    ASSERT_TRUE(
        test::waitUntil([&] { return !QFile::exists(home + QStringLiteral("/.gpufailover/serve.pid")); }, 30000))
        << "the serve command was not stopped when the GPU came back";
    const qint64 beats = QFileInfo(home + QStringLiteral("/beat.txt")).size();
    EXPECT_GT(beats, 0) << "the serve command's child never ran";
    letRoundsPass(1); // a simulated sync interval: a second of real time, ten beats
    EXPECT_EQ(QFileInfo(home + QStringLiteral("/beat.txt")).size(), beats) << "the serve command's child outlived it";
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.lostHoles, 0) << c.firstProblem.toStdString();
}

// The GPU's machine is cut off from the provider's control plane but serves on: the API says
// offline for twice the grace while the workload keeps writing. It is a writer, so the CPU
// standby never serves and no GPU is rented in its place; back in touch, the same primary is
// watched as before and no write was made twice or lost.
TEST_F(CpuStandbyTest, AGpuOfflineForTheProviderButStillServingIsNeverReplaced)
{
    startAndSync();
    const WarmPool::Record before = world->pool().record();
    QList<WarmPool::State> states;
    QObject::connect(&world->pool(), &WarmPool::stateChanged, &world->pool(),
        [&](WarmPool::State, WarmPool::State to, const QString &) { states.append(to); });
    bool ambiguous = false;
    QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(),
        [&](const QString &kind, const QString &) { ambiguous = ambiguous || kind == u"ambiguous"; });
    const int acksBefore = checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged;
    ASSERT_TRUE(world->market().partitionHost(before.machineId, true).ok());
    letRoundsPass(2 * int(world->pool().config().offlineGraceMs / 20000));
    EXPECT_TRUE(ambiguous);
    EXPECT_FALSE(states.contains(WarmPool::State::Degraded)) << world->pool().lastReason().toStdString();
    EXPECT_EQ(cpu().state(), CpuStandby::State::Standby);
    EXPECT_FALSE(alerts.contains(QStringLiteral("cpu_active"))) << alerts.join(u',').toStdString();
    EXPECT_EQ(world->market().instances().size(), 1) << "a GPU was rented beside a live primary";
    EXPECT_GT(checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged, acksBefore)
        << "the primary stopped serving during the partition";

    ASSERT_TRUE(world->market().partitionHost(before.machineId, false).ok());
    const qint64 seq = cpu().copy()->sequence;
    ASSERT_TRUE(test::waitUntil([&] { return cpu().copy()->sequence > seq; }, 60000))
        << cpu().lastError().toStdString();
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active);
    EXPECT_EQ(world->pool().record().primaryId, before.primaryId);
    EXPECT_EQ(world->pool().record().generation, before.generation);
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.lost, 0) << c.firstProblem.toStdString();
}

// Which tier restores a lost GPU depends on whether the CPU copy is newer than the verified
// snapshot: a restarted engine finds the copy on its VM as recent as the journal recorded it,
// not as old as 1970 (which would hand every recovery to the snapshot).
TEST_F(CpuStandbyTest, ARestartedEngineKnowsHowRecentTheCopyOnTheVmIs)
{
    startAndSync();
    world->restartEngine();
    watch();
    std::optional<std::optional<QDateTime>> found;
    std::optional<StandbyCopier::Copy> foundCopy;
    QObject::connect(&cpu(), &CpuStandby::stateChanged, &cpu(), [&](CpuStandby::State s, const QString &) {
        if (s == CpuStandby::State::Standby && !found) {
            found.emplace(cpu().copyTime());
            foundCopy = cpu().copy();
        }
    });
    world->start();
    ASSERT_TRUE(test::waitUntil([&] { return found.has_value(); }, 60000)) << cpu().lastError().toStdString();
    ASSERT_TRUE(foundCopy.has_value());
    // The journal's record of that very copy.
    JournalQuery q;
    q.kinds = { QStringLiteral("cpu_sync") };
    q.limit = 1000;
    std::optional<QDateTime> journaled;
    const auto syncs = world->journal().query(q);
    ASSERT_TRUE(syncs.ok());
    for (const JournalEvent &e : *syncs)
        if (qint64(e.data.value(QStringLiteral("sequence")).toDouble()) == foundCopy->sequence)
            journaled = QDateTime::fromString(e.data.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
    ASSERT_TRUE(journaled.has_value() && journaled->isValid());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *journaled);
    EXPECT_LT(found->value().msecsTo(world->clock().now()), 3600000) << "the copy was taken for old";
}

// A GPU that hangs on a live host, with a verified snapshot newer than the CPU copy: the CPU
// standby stops it, serves, and hands the rebuild to the snapshot, which restores a new GPU. No
// tier waits on the other for ever.
TEST_F(CpuStandbyTest, AHungGpuWithANewerSnapshotThanTheCopyIsRebuiltFromTheSnapshot)
{
    QString why;
    if (!S3TestServer::supported(&why))
        GTEST_SKIP() << why.toStdString();
    DemoWorld::Options o = options();
    o.snapshots = true;
    o.snapshotPolicy.intervalMs = 60000;
    o.snapshotPolicy.drillEvery = 1;
    o.cpuOptions.syncIntervalMs = 240000; // few copies: a verified snapshot soon is newer
    o.recoveryRetryMs = 20000;
    build(o);
    ASSERT_NE(world, nullptr);
    startAndSync(1);
    const WarmPool::Record before = world->pool().record();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const auto point = world->snapshots()->lastVerifiedRestorePoint();
            return point && *point > *cpu().copyTime();
        },
        180000))
        << "no verified snapshot newer than the copy";
    ASSERT_TRUE(world->market().hangInstance(before.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return world->pool().state() == WarmPool::State::Active
                && world->pool().record().primaryId != before.primaryId;
        },
        300000))
        << world->pool().lastReason().toStdString() << " / CPU " << toString(cpu().state()).toStdString();
    ASSERT_TRUE(world->recovery()->lastRestore().has_value());
    EXPECT_TRUE(world->recovery()->lastRestore()->verified) << world->recovery()->lastRestore()->detail.toStdString();
    EXPECT_FALSE(cpu().lastRestore().has_value()) << "restored from the older copy";
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

TEST_F(CpuStandbyTest, ARecoveryInterruptedByARestartResumesFromTheSameCopy)
{
    startAndSync();
    const WarmPool::Record before = world->pool().record();
    bool provisioning = false;
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        provisioning |= e.kind == u"provision" && e.phase == JournalPhase::Intent && world->pool().relocationPending();
    });
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return provisioning; }, 120000)) << world->pool().lastReason().toStdString();

    world->restartEngine(); // kill -9 while the new GPU is being rented
    watch();
    world->start();
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().state() == WarmPool::State::Active && !world->pool().relocationPending(); }, 240000))
        << world->pool().lastReason().toStdString() << " / CPU " << toString(cpu().state()).toStdString();
    ASSERT_TRUE(cpu().lastRestore().has_value());
    EXPECT_TRUE(cpu().lastRestore()->verified);
    EXPECT_NE(world->pool().record().machineId, before.machineId);
    EXPECT_TRUE(world->journal().openSteps(QStringLiteral("cpu"))->isEmpty());
    // Syncing resumes from the new primary, whose generation is newer than the copy's.
    ASSERT_TRUE(test::waitUntil(
        [&] { return cpu().copy() && cpu().copy()->sourceGeneration == world->pool().record().generation; }, 60000))
        << cpu().lastError().toStdString();
    int instances = 0;
    for (const SimInstance *i : world->market().instances())
        instances += i->machineId == world->pool().record().machineId ? 1 : 0;
    EXPECT_EQ(instances, 1) << "the interrupted rental left an instance behind";
}

// The warm pool turned off on a running pair: the primary is still watched; when it dies, the
// stopped standby is left stopped and the CPU standby's copy carries the pool to a new GPU.
TEST_F(CpuStandbyTest, WithTheWarmPoolOffAFailedPrimaryGoesToTheCpuStandbyNotToTheWarmStandby)
{
    DemoWorld::Options o = options();
    o.singleGpuMarket = false; // hosts with room for a warm pair
    o.pool.minGpus = 2;
    build(o);
    ASSERT_NE(world, nullptr);
    world->start();
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().state() == WarmPool::State::Active && world->pool().record().standbyId; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return cpu().copy() && cpu().copy()->sequence >= 1; }, 60000))
        << cpu().lastError().toStdString();
    const WarmPool::Record before = world->pool().record();

    world->pool().setWarmPoolEnabled(false);
    EXPECT_FALSE(world->pool().config().warmPoolEnabled);
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().readiness() == WarmPool::Readiness::Amber; }, 30000))
        << world->pool().readinessReason().toStdString();
    const auto switched = world->journal().newest(QStringLiteral("cpu"), QStringLiteral("warm_pool"));
    ASSERT_TRUE(switched.has_value()) << "the switch is journaled";
    EXPECT_FALSE(switched->data.value(QStringLiteral("enabled")).toBool(true));
    const qint64 off = switched->id;
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return world->pool().state() == WarmPool::State::Active && !world->pool().relocationPending()
                && world->pool().record().primaryId != before.primaryId;
        },
        240000))
        << world->pool().lastReason().toStdString() << " / CPU " << toString(cpu().state()).toStdString();
    // The copy was put in service, verified, on a GPU that is not the warm standby.
    EXPECT_NE(world->pool().record().primaryId, before.standbyId);
    ASSERT_TRUE(cpu().lastRestore().has_value());
    EXPECT_TRUE(cpu().lastRestore()->verified) << cpu().lastRestore()->detail.toStdString();
    JournalQuery q;
    q.pool = QStringLiteral("cpu");
    q.afterId = off;
    q.kinds = { QStringLiteral("start_standby"), QStringLiteral("promote"), QStringLiteral("rent_standby") };
    const auto steps = world->journal().query(q);
    ASSERT_TRUE(steps.ok());
    for (const JournalEvent &e : *steps)
        ADD_FAILURE() << "the warm pool is off, yet: " << e.kind.toStdString();
    const SimInstance *standby = world->market().instance(before.standbyId);
    EXPECT_TRUE(!standby || standby->curState != u"running") << "the warm standby was started";
    // Off means off on the new GPU too: one GPU, no standby rented beside it.
    EXPECT_EQ(world->pool().record().standbyId, 0);
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

// Cost samples of a live pool with its CPU standby: the rates come from the provider's own
// prices, the accrued cost grows with the clock, and a new tracker on the same journal (a
// restart) knows everything the old one did.
// A lost host is rebuilt from the newer of the CPU copy and the verified snapshot only if each tier
// knows the other. The engine builds a tier when its keys are saved, in any order: the registry
// links them whichever comes first.
TEST_F(CpuStandbyTest, TheRegistryLinksTheCpuStandbyAndTheSnapshotsInEitherOrder)
{
    const QString id = world->pool().config().id;
    SnapshotService snapshots(&world->pool(), nullptr, &world->cloud(), &world->journal(), &world->clock(), {});
    HostLossRecovery recovery(&world->pool(), &snapshots, nullptr, &world->clock(), 3600000);
    ASSERT_FALSE(cpu().weighsASnapshot());
    for (const bool cpuFirst : { true, false }) {
        SCOPED_TRACE(cpuFirst ? "the CPU standby first" : "the snapshots first");
        recovery.setNewerCopy({});
        cpu().setSnapshotPoint({});
        PoolRegistry registry(
            WarmPool::Services { &world->cloud(), &world->access(), &world->journal(), &world->clock() },
            dir.filePath(QStringLiteral("config")));
        registry.adopt(&world->pool());
        if (cpuFirst)
            registry.attachCpuStandby(id, &cpu());
        registry.attachSnapshots(id, &snapshots);
        registry.attachRecovery(id, &recovery);
        EXPECT_EQ(recovery.weighsACpuCopy(), cpuFirst);
        if (!cpuFirst)
            registry.attachCpuStandby(id, &cpu());
        EXPECT_TRUE(recovery.weighsACpuCopy());
        EXPECT_TRUE(cpu().weighsASnapshot());
    }
}

TEST_F(CpuStandbyTest, CostsAreSampledFromLivePricesAndSurviveARestart)
{
    startAndSync(1);
    PoolRegistry registry(WarmPool::Services { &world->cloud(), &world->access(), &world->journal(), &world->clock() },
        dir.filePath(QStringLiteral("config")));
    registry.adopt(&world->pool());
    registry.attachCpuStandby(world->pool().config().id, &cpu());
    CostTracker::Options options;
    options.sampleIntervalMs = 60000;
    auto tracker
        = std::make_unique<CostTracker>(&registry, &world->cloud(), &world->journal(), &world->clock(), options);
    int samples = 0;
    QObject::connect(tracker.get(), &CostTracker::sampled, tracker.get(), [&] { ++samples; });
    tracker->start();
    ASSERT_TRUE(test::waitUntil([&] { return samples >= 3; }, 30000));
    const SimInstance *primary = world->market().instance(world->pool().record().primaryId);
    ASSERT_NE(primary, nullptr);
    const CostTracker::PoolCost before = tracker->costOf(QStringLiteral("cpu"));
    EXPECT_GT(before.rate.byComponent.value(QStringLiteral("gpu_primary")), 0.29);
    EXPECT_DOUBLE_EQ(before.rate.byComponent.value(QStringLiteral("cpu_vm")), options.prices.gcpVmPerHour);
    EXPECT_DOUBLE_EQ(before.rate.byComponent.value(QStringLiteral("gpu_standby")), 0) << "one GPU alone: no standby";
    EXPECT_GT(before.monthToDate.total, 0);

    tracker.reset(); // the app closes...
    const qint64 closedAt = world->clock().monotonicMs();
    ASSERT_TRUE(test::waitUntil([&] { return world->clock().monotonicMs() > closedAt + 120000; }, 30000));
    CostTracker restarted(&registry, &world->cloud(), &world->journal(), &world->clock(), options);
    const CostTracker::PoolCost after = restarted.costOf(QStringLiteral("cpu"));
    // ...and comes back: the two simulated minutes it was closed are counted at the last rate.
    EXPECT_NEAR(after.rate.total, before.rate.total, 1e-9);
    EXPECT_GT(after.monthToDate.total, before.monthToDate.total + before.rate.total * 2.0 / 60.0 * 0.9);
}
