// The warm pool end to end: the engine against the simulated Vast.ai over real HTTP, with real
// sshd hosts behind the instances and a workload appending acknowledged writes to the shared
// volume. After each scenario an independent checker reads the acknowledgement log (outside the
// fault domain) and the volume: no acknowledged write may be lost, no two writers may share a
// generation. Time runs 20x faster than real (10 s health interval = 0.5 s).
#include "core/clock.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/writechecker.h"
#include "sim/s3testserver.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "support/fastworld.h"
#include "support/testutil.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;
using State = WarmPool::State;

namespace {

class WarmPoolTest : public ::testing::Test
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
        DemoWorld::Options o = test::fastWorld(dir.path(), QStringLiteral("test"));
        o.pool.healthIntervalMs = 10000;
        o.pool.failureThreshold = 3;
        o.pool.probeTimeoutMs = 5000;
        o.pool.fenceDeadlineMs = 30000;
        o.pool.standbyStartDeadlineMs = 90000;
        o.pool.offlineGraceMs = 30000;
        o.pool.readinessIntervalMs = 20000;
        auto w = DemoWorld::create(o);
        ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
        world = std::move(w).value();
        watchAlerts();
    }

    void watchAlerts()
    {
        QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(),
            [this](const QString &kind, const QString &) { alerts << kind; });
    }

    bool waitState(State s, int timeoutMs = 30000)
    {
        return test::waitUntil([&] { return world->pool().state() == s; }, timeoutMs);
    }

    int acks() const { return int(test::readAll(world->ackLogPath()).count('\n')); }
    bool waitMoreWrites(int n, int timeoutMs = 20000)
    {
        const int target = acks() + n;
        return test::waitUntil([&] { return acks() >= target; }, timeoutMs);
    }
    // Lets `rounds` health intervals pass on the simulated clock.
    void letRoundsPass(int rounds)
    {
        const qint64 until = world->clock().monotonicMs() + rounds * world->options().pool.healthIntervalMs;
        test::waitUntil([&] { return world->clock().monotonicMs() >= until; }, 60000);
    }

    void provision()
    {
        world->pool().start();
        ASSERT_TRUE(waitState(State::Active)) << world->pool().lastReason().toStdString();
        ASSERT_TRUE(waitMoreWrites(10)) << "the workload does not write";
    }

    const SimInstance *sim(qint64 id) const { return world->market().instance(id); }

    void expectCleanHistory(int minGenerations)
    {
        const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
        EXPECT_GT(c.acknowledged, 0);
        EXPECT_EQ(c.lost, 0) << c.firstProblem.toStdString();
        EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
        EXPECT_GE(c.generations, minGenerations);
    }

    int mutatingCalls() const
    {
        int n = 0;
        for (const char *e : { "manage", "destroy", "create", "reboot" })
            n += world->sim().vast().requestCount(QString::fromLatin1(e));
        return n;
    }
};

} // namespace

TEST_F(WarmPoolTest, ProvisionsPrimaryAndStoppedStandbyOnOneMachineAndWatches)
{
    provision();
    const auto &r = world->pool().record();
    EXPECT_EQ(r.machineId, 801); // the cheapest host with two free RTX 4090s
    ASSERT_NE(r.primaryId, 0);
    ASSERT_NE(r.standbyId, 0);
    EXPECT_EQ(sim(r.primaryId)->machineId, 801);
    EXPECT_EQ(sim(r.standbyId)->machineId, 801);
    EXPECT_EQ(sim(r.primaryId)->volumeId, r.volumeId);
    EXPECT_EQ(sim(r.standbyId)->volumeId, r.volumeId);
    EXPECT_EQ(sim(r.standbyId)->actual, QStringLiteral("stopped")); // never ran: never wrote
    EXPECT_EQ(r.generation, 1);

    letRoundsPass(5);
    EXPECT_EQ(world->pool().state(), State::Active);
    EXPECT_EQ(world->pool().record().failovers, 0);
    expectCleanHistory(1);
}

TEST_F(WarmPoolTest, AKilledPrimaryIsFencedAndTheStandbyTakesOverTheVolume)
{
    provision();
    const auto before = world->pool().record();
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());

    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitState(State::Active));
    const auto after = world->pool().record();
    EXPECT_EQ(after.primaryId, before.standbyId);
    EXPECT_EQ(after.generation, 2);
    ASSERT_TRUE(waitMoreWrites(10)) << "the new primary does not write";
    // The old primary was destroyed, and a new standby rented on the same machine with the volume.
    EXPECT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 30000));
    EXPECT_EQ(sim(before.primaryId), nullptr);
    EXPECT_EQ(sim(world->pool().record().standbyId)->volumeId, before.volumeId);
    const auto timelines = world->pool().timelines();
    ASSERT_EQ(timelines.size(), 1);
    EXPECT_TRUE(timelines[0].ok);
    EXPECT_GE(timelines[0].fencedMs, 0);
    EXPECT_GE(timelines[0].standbyRunningMs, timelines[0].fencedMs);
    EXPECT_GE(timelines[0].sshReadyMs, timelines[0].standbyRunningMs);
    EXPECT_TRUE(alerts.contains(QStringLiteral("failover_finished")));
    expectCleanHistory(2);
}

TEST_F(WarmPoolTest, AHungPrimaryWhoseApiSaysRunningIsDetectedAndReplaced)
{
    provision();
    const auto before = world->pool().record();
    ASSERT_TRUE(world->market().hangInstance(before.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitState(State::Active));
    EXPECT_EQ(world->pool().record().primaryId, before.standbyId);
    EXPECT_TRUE(world->pool().timelines().first().reason.contains(QStringLiteral("SSH")));
    ASSERT_TRUE(waitMoreWrites(10));
    expectCleanHistory(2);
}

TEST_F(WarmPoolTest, AFlappingProbeNeverCausesAFailover)
{
    provision();
    world->hosts().hostOf(world->pool().record().primaryId)->setGpuMode(QStringLiteral("flap"));
    int suspects = 0;
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(),
        [&](const FailureDetector::Outcome &o) { suspects += o.verdict == FailureDetector::Verdict::Suspect ? 1 : 0; });
    letRoundsPass(12);
    EXPECT_GT(suspects, 2); // the probe really failed, every other time
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_EQ(world->pool().state(), State::Active);
    expectCleanHistory(1);
}

TEST_F(WarmPoolTest, RejectedCredentialsDuringAnOutageAlertButNeverFailOver)
{
    provision();
    const int mutatingBefore = mutatingCalls();
    world->sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("401"), -1, 0 });
    ASSERT_TRUE(world->market().hangInstance(world->pool().record().primaryId, true).ok());
    letRoundsPass(8);
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_TRUE(alerts.contains(QStringLiteral("credentials")));
    EXPECT_EQ(mutatingCalls(), mutatingBefore);
    world->sim().vast().clearFaults();
    ASSERT_TRUE(world->market().hangInstance(world->pool().record().primaryId, false).ok());
}

TEST_F(WarmPoolTest, AnIsolatedObserverMakesNoMutatingCall)
{
    provision();
    const auto primary = world->pool().record().primaryId;
    const int mutatingBefore = mutatingCalls();
    // The laptop loses its network: the API does not answer and the instance cannot be reached.
    world->sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("drop"), -1, 0 });
    ASSERT_TRUE(world->hosts().hostOf(primary)->partition(true).ok());
    int unknown = 0;
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(),
        [&](const FailureDetector::Outcome &o) { unknown += o.verdict == FailureDetector::Verdict::Unknown ? 1 : 0; });
    letRoundsPass(8);
    EXPECT_GE(unknown, 3);
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_EQ(mutatingCalls(), mutatingBefore);
    world->sim().vast().clearFaults();
    ASSERT_TRUE(world->hosts().hostOf(primary)->partition(false).ok());
    letRoundsPass(3);
    EXPECT_EQ(world->pool().state(), State::Active);
    expectCleanHistory(1);
}

TEST_F(WarmPoolTest, AWholeHostLostIsNeverFencedSoTheStandbyIsNeverStarted)
{
    provision();
    const auto r = world->pool().record();
    ASSERT_TRUE(world->market().killHost(r.machineId).ok());
    ASSERT_TRUE(waitState(State::Degraded, 60000)) << world->pool().lastReason().toStdString();
    EXPECT_TRUE(world->pool().lastReason().contains(QStringLiteral("could not be confirmed stopped")))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(sim(r.standbyId)->intended, QStringLiteral("stopped")); // no start was ever asked
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_TRUE(alerts.contains(QStringLiteral("failover_failed")));
    expectCleanHistory(1);
}

TEST_F(WarmPoolTest, AFenceThatNeverConfirmsNeverStartsTheStandby)
{
    provision();
    const auto r = world->pool().record();
    // The primary dies; then the API freezes every status it reports (stale), so "stopped" is never seen.
    QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(), [&](const QString &kind, const QString &) {
        if (kind == u"failover_started")
            world->sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("stale"), -1, 0 });
    });
    ASSERT_TRUE(world->market().hangInstance(r.primaryId, true).ok());
    ASSERT_TRUE(waitState(State::Degraded, 60000)) << world->pool().lastReason().toStdString();
    EXPECT_EQ(sim(r.standbyId)->intended, QStringLiteral("stopped"));
    EXPECT_EQ(world->pool().record().primaryId, r.primaryId);
    world->sim().vast().clearFaults();
    expectCleanHistory(1);
}

TEST_F(WarmPoolTest, AStandbyStuckInSchedulingEscalatesAtItsDeadline)
{
    provision();
    const auto r = world->pool().record();
    ASSERT_TRUE(world->market().rerentGpus(r.standbyId).ok()); // another renter took its GPU
    ASSERT_TRUE(world->market().killInstance(r.primaryId).ok());
    ASSERT_TRUE(waitState(State::Degraded, 60000)) << world->pool().lastReason().toStdString();
    EXPECT_TRUE(world->pool().lastReason().contains(QStringLiteral("did not run before its deadline")))
        << world->pool().lastReason().toStdString();
    EXPECT_TRUE(sim(r.standbyId)->statusMsg.startsWith(QStringLiteral("Scheduling")));
    expectCleanHistory(1);
}

// A restart (as after kill -9) in the middle of a failover, at each step: the new engine reads the
// journal, fences the old primary again before anything else, and finishes with one writer.
class WarmPoolRestartTest : public WarmPoolTest, public ::testing::WithParamInterface<const char *>
{
};

TEST_P(WarmPoolRestartTest, ResumesFromTheJournalAndNeverSkipsTheFence)
{
    provision();
    const auto before = world->pool().record();
    const QString crashAt = QString::fromLatin1(GetParam());
    bool crashed = false;
    // The engine dies right after journaling the intent of `crashAt`, before acting on it.
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        if (!crashed && e.phase == JournalPhase::Intent && e.kind == crashAt) {
            crashed = true;
            QMetaObject::invokeMethod(
                &world->journal(), [&] { world->restartEngine(); }, Qt::QueuedConnection);
        }
    });
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return crashed && world->pool().state() == State::Disabled; }, 60000));

    world->pool().start();
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().record().failovers == 1 && world->pool().state() == State::Active; }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().record().primaryId, before.standbyId);
    EXPECT_EQ(world->pool().record().generation, 2);

    // The fence of the old primary was taken again after the restart (two fence intents).
    JournalQuery q;
    q.pool = QStringLiteral("test");
    q.kinds = { QStringLiteral("fence") };
    int fences = 0;
    const auto events = world->journal().query(q);
    ASSERT_TRUE(events.ok());
    for (const JournalEvent &e : events.value())
        fences += e.phase == JournalPhase::Intent
                && qint64(e.data.value(QStringLiteral("instance")).toDouble()) == before.primaryId
            ? 1
            : 0;
    EXPECT_GE(fences, crashAt == u"failover" ? 1 : 2);
    // Nothing is left half-done once the background work (new standby) has finished.
    EXPECT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 30000));
    EXPECT_TRUE(test::waitUntil([&] { return world->journal().openSteps(QStringLiteral("test"))->isEmpty(); }));
    ASSERT_TRUE(waitMoreWrites(10));
    expectCleanHistory(2);
}

INSTANTIATE_TEST_SUITE_P(
    AtEachStep, WarmPoolRestartTest, ::testing::Values("failover", "fence", "start_standby", "promote"));

TEST_F(WarmPoolTest, ReadinessTurnsRedWithoutAFreeGpuAndAMissingStandbyIsReplaced)
{
    provision();
    const auto r = world->pool().record();
    QList<WarmPool::Readiness> seen;
    QObject::connect(&world->pool(), &WarmPool::readinessChanged, &world->pool(),
        [&](WarmPool::Readiness level, const QString &) { seen << level; });

    // Another renter takes the standby's GPU: the host has none free, a start would wait forever.
    ASSERT_TRUE(world->market().rerentGpus(r.standbyId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().readiness() == WarmPool::Readiness::Red; }, 30000));
    EXPECT_TRUE(world->pool().readinessReason().contains(QStringLiteral("no GPU is free")))
        << world->pool().readinessReason().toStdString();
    EXPECT_TRUE(alerts.contains(QStringLiteral("standby_red")));

    ASSERT_TRUE(world->market().releaseOtherRenters(r.machineId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().readiness() == WarmPool::Readiness::Green; }, 30000));

    // The standby disappears (destroyed behind our back): a new one is rented before any failure.
    ASSERT_TRUE(world->market().destroy(r.standbyId).ok());
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().record().standbyId != r.standbyId && world->pool().record().standbyId != 0; },
        30000));
    const SimInstance *fresh = sim(world->pool().record().standbyId);
    ASSERT_NE(fresh, nullptr);
    EXPECT_EQ(fresh->machineId, r.machineId);
    EXPECT_EQ(fresh->volumeId, r.volumeId);
    EXPECT_EQ(fresh->actual, QStringLiteral("stopped"));
    EXPECT_EQ(world->pool().record().failovers, 0);
    expectCleanHistory(1);
}

// The three scripted scenarios, run as a user would: the daemon binary, its JSON report.
class ScenarioCli : public ::testing::TestWithParam<const char *>
{
};

TEST_P(ScenarioCli, RunsToTheEndAndItsReportKeepsThePromises)
{
    const QString scenario = QString::fromLatin1(GetParam());
    QString why;
    if (!SshTestHost::supported(&why) || (scenario == u"host-loss" && !S3TestServer::supported(&why)))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("report.json"));
    QProcess daemon;
    daemon.start(QStringLiteral(GPF_BIN_DIR "/gpufailoverd"),
        { QStringLiteral("--demo"), QStringLiteral("--scenario"), QString::fromLatin1(GetParam()),
            QStringLiteral("--report"), report, QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
            QStringLiteral("--config-dir"), dir.filePath(QStringLiteral("config")) });
    ASSERT_TRUE(daemon.waitForFinished(300000));
    const QString out = QString::fromUtf8(daemon.readAllStandardOutput());
    ASSERT_EQ(daemon.exitCode(), 0) << out.toStdString() << daemon.readAllStandardError().toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("T+"))) << "a human timeline is printed";

    const QJsonObject r = QJsonDocument::fromJson(test::readAll(report)).object();
    EXPECT_EQ(r.value(QStringLiteral("scenario")).toString(), QString::fromLatin1(GetParam()));
    EXPECT_GT(r.value(QStringLiteral("writes_acknowledged")).toInt(), 0);
    EXPECT_EQ(r.value(QStringLiteral("writers_overlapping")).toInt(-1), 0);
    EXPECT_TRUE(r.value(QStringLiteral("history_ok")).toBool());
    EXPECT_GT(r.value(QStringLiteral("time_scale")).toDouble(), 0);
    EXPECT_GT(r.value(QStringLiteral("wall_s")).toDouble(), 0);
    // The same history, judged by the independent checker, which shares no code with the engine.
    QProcess checker;
    QStringList args { QStringLiteral(GPF_TESTS_DIR "/../tools/historycheck/historycheck.py"), QStringLiteral("--json"),
        QStringLiteral("--acks"), r.value(QStringLiteral("ack_log")).toString(), QStringLiteral("--volume"),
        r.value(QStringLiteral("volume_log")).toString() };
    if (r.contains(QStringLiteral("restored_from")))
        args << QStringLiteral("--allow-tail"); // a restore gives up the writes after its copy
    checker.start(QStringLiteral("python3"), args);
    ASSERT_TRUE(checker.waitForFinished(60000));
    const QByteArray verdict = checker.readAllStandardOutput();
    EXPECT_EQ(checker.exitCode(), 0) << verdict.toStdString() << checker.readAllStandardError().toStdString();
    const QJsonObject judged = QJsonDocument::fromJson(verdict).object();
    EXPECT_EQ(
        judged.value(QStringLiteral("acknowledged")).toInt(), r.value(QStringLiteral("writes_acknowledged")).toInt());
    EXPECT_EQ(judged.value(QStringLiteral("lost_holes")).toInt(-1), 0);
    if (scenario == u"host-loss") {
        // Rebuilt elsewhere from the verified snapshot; only writes newer than it are gone.
        EXPECT_EQ(r.value(QStringLiteral("final_state")).toString(), QStringLiteral("active"));
        EXPECT_TRUE(r.value(QStringLiteral("restore_verified")).toBool());
        EXPECT_FALSE(r.value(QStringLiteral("restored_from")).toString().isEmpty());
        EXPECT_GT(r.value(QStringLiteral("files_verified")).toDouble(), 0);
        EXPECT_NE(r.value(QStringLiteral("new_machine")).toDouble(), r.value(QStringLiteral("old_machine")).toDouble());
        EXPECT_EQ(r.value(QStringLiteral("writes_lost_holes")).toInt(-1), 0);
        EXPECT_GT(r.value(QStringLiteral("writes_lost_tail")).toInt(), 0) << "the writes after the snapshot";
        EXPECT_GT(r.value(QStringLiteral("rpo_s")).toDouble(), 0);
        EXPECT_LE(r.value(QStringLiteral("restored_after_s")).toDouble(),
            r.value(QStringLiteral("recovered_after_s")).toDouble());
        EXPECT_EQ(r.value(QStringLiteral("generations")).toInt(), 2);
        return;
    }
    if (scenario == u"cpu-standby-failover") {
        // The CPU standby served, a GPU elsewhere was restored from its copy, syncing resumed.
        EXPECT_EQ(r.value(QStringLiteral("final_state")).toString(), QStringLiteral("active"));
        EXPECT_EQ(r.value(QStringLiteral("cpu_state")).toString(), QStringLiteral("standby"));
        EXPECT_TRUE(r.value(QStringLiteral("restore_verified")).toBool());
        EXPECT_TRUE(r.value(QStringLiteral("restored_from")).toString().startsWith(QStringLiteral("cpu:")));
        EXPECT_NE(r.value(QStringLiteral("new_machine")).toDouble(), r.value(QStringLiteral("old_machine")).toDouble());
        EXPECT_GT(r.value(QStringLiteral("acks_before_restored_copy")).toInt(), 0);
        EXPECT_EQ(r.value(QStringLiteral("acks_before_restored_copy_missing")).toInt(-1), 0);
        EXPECT_EQ(r.value(QStringLiteral("writes_lost_holes")).toInt(-1), 0);
        EXPECT_GE(r.value(QStringLiteral("rpo_s")).toDouble(), 0);
        EXPECT_LE(
            r.value(QStringLiteral("rpo_s")).toDouble(), r.value(QStringLiteral("sync_interval_s")).toDouble() + 30)
            << "data lost is about one sync interval, not more";
        const double active = r.value(QStringLiteral("cpu_active_after_s")).toDouble();
        EXPECT_GE(active, r.value(QStringLiteral("detected_after_s")).toDouble());
        EXPECT_LE(active, r.value(QStringLiteral("restored_after_s")).toDouble());
        EXPECT_LE(r.value(QStringLiteral("restored_after_s")).toDouble(),
            r.value(QStringLiteral("recovered_after_s")).toDouble());
        EXPECT_LE(r.value(QStringLiteral("recovered_after_s")).toDouble(),
            r.value(QStringLiteral("sync_resumed_after_s")).toDouble());
        EXPECT_EQ(r.value(QStringLiteral("generations")).toInt(), 2);
        return;
    }
    EXPECT_EQ(r.value(QStringLiteral("writes_lost")).toInt(-1), 0);
    if (scenario == u"warm-pool-failover") {
        EXPECT_EQ(r.value(QStringLiteral("final_state")).toString(), QStringLiteral("active"));
        for (const char *k : { "detected_after_s", "fenced_after_s", "standby_running_after_s", "ssh_ready_after_s",
                 "total_s", "control_overhead_s" })
            EXPECT_TRUE(r.value(QString::fromLatin1(k)).isDouble()) << k;
        const double detected = r.value(QStringLiteral("detected_after_s")).toDouble();
        EXPECT_LE(detected, r.value(QStringLiteral("fenced_after_s")).toDouble());
        EXPECT_LE(r.value(QStringLiteral("fenced_after_s")).toDouble(),
            r.value(QStringLiteral("standby_running_after_s")).toDouble());
        EXPECT_LE(r.value(QStringLiteral("standby_running_after_s")).toDouble(),
            r.value(QStringLiteral("ssh_ready_after_s")).toDouble());
        EXPECT_LE(
            r.value(QStringLiteral("ssh_ready_after_s")).toDouble(), r.value(QStringLiteral("total_s")).toDouble());
        EXPECT_EQ(r.value(QStringLiteral("generations")).toInt(), 2);
    } else if (scenario == u"standby-rerented") {
        EXPECT_EQ(r.value(QStringLiteral("final_state")).toString(), QStringLiteral("degraded"));
        EXPECT_GE(r.value(QStringLiteral("escalated_after_s")).toDouble(),
            r.value(QStringLiteral("standby_deadline_s")).toDouble() - 1);
    } else {
        EXPECT_EQ(r.value(QStringLiteral("final_state")).toString(), QStringLiteral("active"));
        EXPECT_EQ(r.value(QStringLiteral("mutating_calls_during_isolation")).toInt(-1), 0);
        EXPECT_EQ(r.value(QStringLiteral("failovers")).toInt(-1), 0);
        EXPECT_GT(r.value(QStringLiteral("unknown_rounds")).toInt(), 0);
    }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioCli,
    ::testing::Values(
        "warm-pool-failover", "standby-rerented", "observer-offline", "host-loss", "cpu-standby-failover"));

// The simulated machines (sshd namespaces and their workloads) die with the process that started
// them, even when it is killed with SIGKILL and cannot clean up.
TEST(TestHosts, DieWithTheProcessThatStartedThem)
{
    QString why;
    if (!SshTestHost::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    QProcess daemon;
    ASSERT_GT(test::startDemoDaemon(daemon, dir.filePath(QStringLiteral("c")), dir.filePath(QStringLiteral("d"))), 0);
    const QByteArray marker = dir.filePath(QStringLiteral("d/demo-world")).toUtf8();
    const auto hostProcesses = [&] {
        int n = 0;
        QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
        while (it.hasNext()) {
            const QString p = it.next();
            if (QFileInfo(p).fileName().toLongLong() != daemon.processId()
                && test::readAll(p + QStringLiteral("/cmdline")).contains(marker))
                ++n;
        }
        return n;
    };
    ASSERT_TRUE(test::waitUntil([&] { return hostProcesses() >= 2; }, 60000)) << "the demo's hosts never started";
    daemon.kill(); // SIGKILL: no chance to clean up
    ASSERT_TRUE(daemon.waitForFinished(10000));
    EXPECT_TRUE(test::waitUntil([&] { return hostProcesses() == 0; }, 10000))
        << hostProcesses() << " host processes outlived their parent";
}
