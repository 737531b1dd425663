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
#include "sim/slowlink.h"
#include "sim/sshtesthost.h"

#include "support/fastworld.h"
#include "support/testutil.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
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
    // The workload's acknowledged writes made under one generation: a primary killed before its
    // workload wrote leaves no trace of its generation, so a test that counts generations waits
    // for this before it kills or checks.
    int acksIn(qint64 generation) const
    {
        int n = 0;
        for (const QByteArray &line : test::readAll(world->ackLogPath()).split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            n += f.size() == 3 && f[1].toLongLong() == generation ? 1 : 0;
        }
        return n;
    }
    bool waitWritesIn(qint64 generation, int n = 3, int timeoutMs = 20000)
    {
        return test::waitUntil([&] { return acksIn(generation) >= n; }, timeoutMs);
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

// Only SSH is blocked, the primary is healthy and the API says it runs. That is one
// signal failing alone: an "ambiguous" alert, never a failover, and the workload goes on.
TEST_F(WarmPoolTest, SshAloneBlockedToAHealthyPrimaryIsAmbiguousNeverAFailover)
{
    provision();
    const auto primary = world->pool().record().primaryId;
    const int mutatingBefore = mutatingCalls();
    int ambiguous = 0;
    bool healed = false, healthyAfterHeal = false;
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(), [&](const FailureDetector::Outcome &o) {
        ambiguous += o.ambiguous ? 1 : 0;
        healthyAfterHeal = healthyAfterHeal || (healed && o.verdict == FailureDetector::Verdict::Healthy);
    });
    ASSERT_TRUE(world->hosts().hostOf(primary)->partition(true).ok());
    letRoundsPass(10);
    EXPECT_GE(ambiguous, 5);
    EXPECT_TRUE(alerts.contains(QStringLiteral("ambiguous")));
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_EQ(world->pool().state(), State::Active);
    EXPECT_EQ(mutatingCalls(), mutatingBefore);
    EXPECT_TRUE(waitMoreWrites(10)) << "the workload stopped";
    ASSERT_TRUE(world->hosts().hostOf(primary)->partition(false).ok());
    healed = true;
    EXPECT_TRUE(test::waitUntil([&] { return healthyAfterHeal; }, 20000)) << "not healthy again after the heal";
    EXPECT_EQ(world->pool().record().primaryId, primary);
    expectCleanHistory(1);
}

// The path to the primary delays everything 3 ± 1 s and loses 20 % of its packets for
// 10 minutes (scaled: 150 ± 50 ms real, 60 health rounds). The probes are slow or fail, the
// primary is fine: no failover, and the probes' own times say what the link did.
TEST_F(WarmPoolTest, ADelayedLossyLinkToThePrimaryNeverCausesAFailover)
{
    provision();
    const auto primary = world->pool().record().primaryId;
    SshTestHost *host = world->hosts().hostOf(primary);
    const double scale = world->options().timeScale;
    SlowLink::Options lo;
    lo.targetPort = host->port();
    lo.delayMs = int(3000 / scale);
    lo.jitterMs = int(1000 / scale);
    lo.lossPct = 20;
    lo.seed = 7;
    SlowLink link(lo);
    ASSERT_TRUE(link.start().ok());
    world->market().setSshOverride(primary, host->host(), link.port());

    QList<qint64> latencies;
    int ambiguous = 0, dead = 0;
    QObject::connect(
        &world->pool(), &WarmPool::probed, &world->pool(), [&](const HealthSample &s) { latencies << s.latencyMs; });
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(), [&](const FailureDetector::Outcome &o) {
        ambiguous += o.ambiguous ? 1 : 0;
        dead += o.verdict == FailureDetector::Verdict::Dead ? 1 : 0;
    });
    letRoundsPass(60);
    EXPECT_EQ(dead, 0);
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_EQ(world->pool().state(), State::Active);
    EXPECT_GT(link.connections(), 30) << "the probes did not go through the slow link";
    EXPECT_GT(ambiguous, 10) << "the link was not degraded enough to matter";
    ASSERT_GT(latencies.size(), 20);
    std::sort(latencies.begin(), latencies.end());
    const qint64 p50 = latencies[latencies.size() / 2];
    const qint64 p99 = latencies[qMin(latencies.size() - 1, qsizetype(latencies.size() * 99 / 100))];
    std::printf("probe latency over the slow link (engine clock): p50 %lld ms, p99 %lld ms, %lld probes, "
                "%d ambiguous rounds\n",
        qlonglong(p50), qlonglong(p99), qlonglong(latencies.size()), ambiguous);
    RecordProperty("probe_p99_ms", int(p99));
    EXPECT_GE(p99, world->options().pool.probeTimeoutMs); // the probes really were held up

    world->market().setSshOverride(primary, host->host(), host->port());
    letRoundsPass(3);
    EXPECT_EQ(world->pool().state(), State::Active);
    EXPECT_EQ(world->pool().record().primaryId, primary);
    expectCleanHistory(1);
}

// The new primary fails too, soon after the first failover. With the defaults, the
// engine waits out its 30-minute cooldown (at most one automatic failover in it), never fails
// back, and at the second automatic failover in an hour pauses automation and pages; the next
// death is then left to a person.
TEST_F(WarmPoolTest, ANewPrimaryThatAlsoFailsWaitsOutTheCooldownAndTheSecondFailoverPausesAutomation)
{
    provision();
    const PoolConfig &config = world->pool().config();
    ASSERT_EQ(config.cooldownMs, 30 * 60 * 1000);
    ASSERT_EQ(config.maxFailoversPerHour, 2);
    const auto first = world->pool().record();
    ASSERT_TRUE(world->market().killInstance(first.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000));
    ASSERT_TRUE(waitState(State::Active));
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 60000))
        << "no new standby was rented";

    const auto second = world->pool().record();
    ASSERT_TRUE(waitWritesIn(second.generation)) << "the second primary's workload does not write";
    ASSERT_TRUE(world->market().killInstance(second.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("cooldown")); }, 60000));
    EXPECT_EQ(world->pool().record().failovers, 1) << "a second failover inside the cooldown";
    EXPECT_FALSE(world->pool().automationPaused());

    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 2; }, 180000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitState(State::Paused)) << world->pool().lastReason().toStdString(); // serving, automation off
    const auto t = world->pool().timelines();
    ASSERT_EQ(t.size(), 2);
    EXPECT_GE(t[1].startMs - (t[0].startMs + t[0].doneMs), config.cooldownMs);
    const qint64 third = world->pool().record().primaryId;
    EXPECT_NE(third, first.primaryId); // never back to an old primary
    EXPECT_NE(third, second.primaryId);
    EXPECT_TRUE(world->pool().automationPaused());
    EXPECT_TRUE(alerts.contains(QStringLiteral("failover_storm")));

    ASSERT_TRUE(waitWritesIn(world->pool().record().generation)) << "the third primary's workload does not write";
    ASSERT_TRUE(world->market().killInstance(third).ok());
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("dead_paused")); }, 60000));
    EXPECT_EQ(world->pool().record().failovers, 2);
    EXPECT_EQ(world->pool().record().primaryId, third);
    expectCleanHistory(3);
}

// The machine's wall clock set an hour wrong, either way, mid-run. Health, damping
// and deadlines run on the monotonic and boot clocks, so nothing reacts: no dead verdict, no
// "observer slept" reset, no failover.
TEST_F(WarmPoolTest, AWallClockAnHourWrongEitherWayTriggersNothing)
{
    provision();
    SystemClock *clock = &world->clock();
    int dead = 0, suspended = 0;
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(), [&](const FailureDetector::Outcome &o) {
        dead += o.verdict == FailureDetector::Verdict::Dead ? 1 : 0;
        suspended += o.observerSuspended ? 1 : 0;
    });
    const QDateTime before = clock->now();
    clock->setWallSkewMs(3600 * 1000);
    EXPECT_GE(before.secsTo(clock->now()), 3600);
    letRoundsPass(5);
    clock->setWallSkewMs(-3600 * 1000);
    letRoundsPass(5);
    clock->setWallSkewMs(0);
    letRoundsPass(2);
    EXPECT_EQ(dead, 0);
    EXPECT_EQ(suspended, 0);
    EXPECT_EQ(world->pool().record().failovers, 0);
    EXPECT_EQ(world->pool().state(), State::Active);
    expectCleanHistory(1);
}

// The laptop sleeps 15 minutes and its primary dies meanwhile. On waking, the engine
// logs the gap, starts counting afresh, and makes no fence or start call within N·P of the wake:
// it looks again first. Then it fails over as it should.
TEST_F(WarmPoolTest, AfterTheLaptopSleepsNothingIsFencedBeforeTheEngineLooksAgain)
{
    provision();
    SystemClock *clock = &world->clock();
    const auto before = world->pool().record();
    qint64 wokeAtMs = -1;
    QObject::connect(&world->pool(), &WarmPool::healthChecked, &world->pool(), [&](const FailureDetector::Outcome &o) {
        if (o.observerSuspended && wokeAtMs < 0)
            wokeAtMs = world->clock().monotonicMs();
    });
    letRoundsPass(2); // the engine has looked before: a sleep shows against its last look
    const int mutatingBefore = mutatingCalls();
    clock->simulateSleep(15 * 60 * 1000);
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return wokeAtMs >= 0; }, 20000))
        << "the sleep was not noticed: " << world->pool().lastReason().toStdString() << " state "
        << toString(world->pool().state()).toStdString();

    const PoolConfig &c = world->pool().config();
    const qint64 settled = wokeAtMs + c.failureThreshold * c.healthIntervalMs;
    test::waitUntil([&] { return world->clock().monotonicMs() >= settled || mutatingCalls() > mutatingBefore; }, 60000);
    EXPECT_EQ(mutatingCalls(), mutatingBefore) << "a mutating call within N·P of the wake";
    EXPECT_EQ(world->pool().record().failovers, 0);

    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_GE(world->pool().timelines().first().startMs, settled);
    JournalQuery q;
    q.pool = c.id;
    q.kinds = { QStringLiteral("health") };
    q.limit = 1000;
    qint64 gapS = 0;
    const QRegularExpression suspended(QStringLiteral("suspended for (\\d+) s"));
    const auto health = world->journal().query(q);
    ASSERT_TRUE(health.ok());
    for (const JournalEvent &e : health.value())
        if (const auto m = suspended.match(e.data.value(QStringLiteral("reason")).toString()); m.hasMatch())
            gapS = m.captured(1).toLongLong();
    EXPECT_GE(gapS, 890) << "the 15-minute gap is not in the journal";
    ASSERT_TRUE(waitState(State::Active));
    ASSERT_TRUE(waitWritesIn(world->pool().record().generation)) << "the new primary's workload does not write";
    expectCleanHistory(2);
}

// The old primary comes back. It was frozen; the provider confirmed it stopped, but
// its processes lingered frozen (a provider quirk the simulator can play), and after the failover
// they get SIGCONT. Its workload holds the generation it started under as a token: the volume now
// says the next one, so its next write is refused. Without the token it would have written into
// the new primary's generation: two writers, which the checker would catch.
TEST_F(WarmPoolTest, AnOldPrimaryThatComesBackAfterTheFenceHasItsNextWriteRefused)
{
    provision();
    const auto before = world->pool().record();
    const std::shared_ptr<SshTestHost> old = world->hosts().lingerOnStop(before.primaryId);
    ASSERT_TRUE(old);
    ASSERT_TRUE(world->market().hangInstance(before.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitMoreWrites(10)) << "the new primary does not write";
    ASSERT_TRUE(old->isRunning()) << "the old primary did not linger";

    ASSERT_TRUE(old->resume().ok()); // SIGCONT
    const QString refused = refusedLogPath(world->ackLogPath());
    ASSERT_TRUE(test::waitUntil([&] { return QFile::exists(refused); }, 10000)) << "the old writer was not refused";
    const QList<QByteArray> f = test::readAll(refused).trimmed().split(' ');
    ASSERT_EQ(f.size(), 3);
    EXPECT_EQ(f[1].toLongLong(), before.generation); // its token
    EXPECT_EQ(f[2].toLongLong(), before.generation + 1); // the volume's
    ASSERT_TRUE(waitMoreWrites(20));
    expectCleanHistory(2);
    old->kill();
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

// A stop the provider does not confirm before the fence deadline, on a machine that is still
// there: the old primary may still write to the volume, and the volume holds every acknowledged
// write, so the engine keeps fencing (never degraded, which would hand the pool to the tiers that
// rebuild from an older copy) and the standby takes over once the stop is confirmed.
TEST_F(WarmPoolTest, AFenceNotConfirmedInTimeKeepsFencingAndTheStandbyTakesOverOnceItIs)
{
    provision();
    const auto r = world->pool().record();
    bool slow = false;
    QList<State> states;
    QObject::connect(&world->pool(), &WarmPool::stateChanged, &world->pool(),
        [&](State, State to, const QString &) { states.append(to); });
    // The primary dies; then the API freezes every status it reports (stale), so "stopped" is not seen.
    QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(), [&](const QString &kind, const QString &) {
        if (kind == u"failover_started")
            world->sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("stale"), -1, 0 });
        if (kind == u"fence_slow")
            slow = true;
    });
    ASSERT_TRUE(world->market().hangInstance(r.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil([&] { return slow; }, 60000)) << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().state(), State::Failover);
    EXPECT_EQ(sim(r.standbyId)->intended, QStringLiteral("stopped"));
    EXPECT_EQ(world->pool().record().primaryId, r.primaryId);
    world->sim().vast().clearFaults();
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().record().failovers == 1 && world->pool().state() == State::Active; }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().record().primaryId, r.standbyId);
    EXPECT_FALSE(states.contains(State::Degraded));
    ASSERT_TRUE(waitMoreWrites(10));
    expectCleanHistory(2);
}

// The fence's stop and the standby's start both take effect at the provider, but
// their answers are lost on the way back (timeout-with-effect). The engine reads the state back
// instead of trusting or blindly repeating the call: the fence is confirmed from the status, the
// standby is found running, and exactly one instance holds the volume as the primary.
TEST_F(WarmPoolTest, AStopAndAStartWhoseRepliesAreLostAreConfirmedByReadingTheStateBack)
{
    provision();
    const auto r = world->pool().record();
    QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(), [&](const QString &kind, const QString &) {
        if (kind == u"failover_started")
            world->sim().vast().addFault({ QStringLiteral("manage"), QStringLiteral("lost_reply"), 2, 0 });
    });
    const int manageBefore = world->sim().vast().requestCount(QStringLiteral("manage"));
    ASSERT_TRUE(world->market().hangInstance(r.primaryId, true).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitState(State::Active)) << world->pool().lastReason().toStdString();
    EXPECT_TRUE(world->sim().vast().faults().isEmpty()) << "both answers were to be lost";
    EXPECT_EQ(world->pool().record().primaryId, r.standbyId);
    EXPECT_TRUE(world->pool().timelines().first().ok);
    EXPECT_GE(world->pool().timelines().first().fencedMs, 0);
    int running = 0;
    for (const SimInstance *i : world->market().instances())
        running += i->volumeId == r.volumeId && i->actual == u"running" ? 1 : 0;
    EXPECT_EQ(running, 1);
    // Two lost answers: each call went out, and any repeat of a state change is harmless (PUT).
    EXPECT_GE(world->sim().vast().requestCount(QStringLiteral("manage")) - manageBefore, 2);
    ASSERT_TRUE(waitMoreWrites(10));
    expectCleanHistory(2);
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

// Crash points after the failover closed: nothing of it is redone.
bool promotedBefore(const QString &crashAt)
{
    return crashAt == u"destroy_old_primary" || crashAt == u"rent_standby";
}

TEST_P(WarmPoolRestartTest, ResumesFromTheJournalAndNeverSkipsTheFence)
{
    provision();
    const auto before = world->pool().record();
    const QString crashAt = QString::fromLatin1(GetParam());
    bool crashed = false;
    // The engine dies right after journaling the intent of `crashAt` (or the event, for the
    // generation), before acting on it. "promote:done" dies there too, but after the action: the
    // crashed engine's marker and start command reached the standby, which the test replays.
    const bool afterAction = crashAt.endsWith(u":done");
    const QString crashKind = crashAt.section(u':', 0, 0);
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        if (!crashed && e.phase != JournalPhase::Outcome && e.kind == crashKind) {
            crashed = true;
            QMetaObject::invokeMethod(
                &world->journal(), [&] { world->restartEngine(); }, Qt::QueuedConnection);
        }
    });
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return crashed && world->pool().state() == State::Disabled; }, 60000));

    if (afterAction) {
        SshTestHost *standby = world->hosts().hostOf(before.standbyId);
        ASSERT_NE(standby, nullptr);
        const SshEndpoint at { standby->host(), standby->port() };
        const auto started = test::awaitResult<QByteArray>([&](auto done) {
            world->access().run(at,
                QStringLiteral("mkdir -p /workspace/.gpufailover && echo 2 > /workspace/.gpufailover/generation; %1")
                    .arg(world->pool().config().startCommand),
                60000, &world->journal(), done);
        });
        ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
        ASSERT_TRUE(waitWritesIn(2)) << "the first start's workload does not write";
    }

    world->pool().start();
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().record().failovers == 1 && world->pool().state() == State::Active; }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().record().primaryId, before.standbyId);
    // A generation journaled before the crash is never handed out again: the standby may already
    // run the workload under it.
    const bool generationJournaled = crashAt != u"failover" && crashAt != u"fence" && !promotedBefore(crashAt);
    EXPECT_EQ(world->pool().record().generation, generationJournaled ? 3 : 2);

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
    // Before the promotion the fence is taken again; after it, the failover is done and stays done.
    const bool promoted = promotedBefore(crashAt);
    EXPECT_GE(fences, crashAt == u"failover" || promoted ? 1 : 2);
    // Nothing is left half-done once the background work (new standby) has finished.
    EXPECT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 30000));
    EXPECT_TRUE(test::waitUntil([&] { return world->journal().openSteps(QStringLiteral("test"))->isEmpty(); }));
    ASSERT_TRUE(waitMoreWrites(10));
    expectCleanHistory(2);
}

// "promote:done": the start command ran on the standby, then the engine died before the
// failover was closed; the resumed failover starts the workload again, under a newer generation,
// and the first start's writer stops at its next write.
INSTANTIATE_TEST_SUITE_P(AtEachStep, WarmPoolRestartTest,
    ::testing::Values("failover", "fence", "generation", "start_standby", "promote", "promote:done",
        "destroy_old_primary", "rent_standby"),
    [](const ::testing::TestParamInfo<const char *> &p) {
        return QString::fromLatin1(p.param).replace(u':', u'_').toStdString();
    });

// The engine dies after the new standby's rent reached the
// provider but before its reply did. On restart, the label in the journal finds that instance:
// it becomes the standby, and nothing is rented twice.
TEST_F(WarmPoolTest, ARestartAfterTheStandbysRentWasSentAdoptsItInsteadOfRentingTwice)
{
    provision();
    const auto before = world->pool().record();
    QString rentLabel;
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        if (rentLabel.isEmpty() && e.phase == JournalPhase::Intent && e.kind == u"rent_standby")
            rentLabel = e.data.value(QStringLiteral("label")).toString();
    });
    const auto rented = [&]() -> const SimInstance * {
        for (const SimInstance *i : world->market().instances())
            if (!rentLabel.isEmpty() && i->label == rentLabel)
                return i;
        return nullptr;
    };
    ASSERT_TRUE(world->market().killInstance(before.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return rented() != nullptr; }, 60000)) << "no standby rent reached the provider";
    world->restartEngine(); // the reply is lost with the engine
    const qint64 adopted = rented()->id;
    EXPECT_EQ(world->pool().record().standbyId, 0);

    world->pool().start();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 30000))
        << world->pool().lastReason().toStdString();
    EXPECT_EQ(world->pool().record().standbyId, adopted);
    int standbys = 0; // rented as standbys, besides the one that became the primary
    for (const SimInstance *i : world->market().instances())
        standbys += i->label.contains(QStringLiteral("standby")) && i->id != before.standbyId ? 1 : 0;
    EXPECT_EQ(standbys, 1) << "a standby was rented twice";
    EXPECT_TRUE(test::waitUntil([&] { return world->journal().openSteps(QStringLiteral("test"))->isEmpty(); }));
}

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
    daemon.start(QStringLiteral(GPF_BIN_DIR "/gpufailover-lab"),
        { QStringLiteral("--scenario"), QString::fromLatin1(GetParam()), QStringLiteral("--report"), report,
            QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")), QStringLiteral("--config-dir"),
            dir.filePath(QStringLiteral("config")) });
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

// The engine dies right after a teardown's first destroy call. On restart the pool does not come
// back to life: nothing is watched, resumed or rented, it says a destroy is pending, and the
// teardown asked again finishes it. A teardown asked in the middle of a failover closes the
// failover's steps, so nothing of it can be resumed later under the same pool name.
TEST_F(WarmPoolTest, ADestroyCutShortByACrashIsFinishedNeverUndone)
{
    provision();
    const auto r = world->pool().record();
    bool crashed = false, restarted = false;
    QObject::connect(&world->pool(), &WarmPool::alert, &world->pool(), [&](const QString &kind, const QString &) {
        if (kind == u"failover_started")
            QMetaObject::invokeMethod(
                &world->pool(), [&] { world->pool().teardown(&world->pool(), [](Status) {}); }, Qt::QueuedConnection);
    });
    QObject::connect(&world->journal(), &Journal::appended, &world->journal(), [&](const JournalEvent &e) {
        if (!crashed && e.kind == u"teardown" && e.phase == JournalPhase::Intent) {
            crashed = true;
            // After the action: its first call to the provider is on its way when the engine dies.
            QMetaObject::invokeMethod(
                &world->journal(),
                [&] {
                    world->restartEngine();
                    restarted = true;
                },
                Qt::QueuedConnection);
        }
    });
    ASSERT_TRUE(world->market().killInstance(r.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return restarted; }, 60000));
    const auto open = world->journal().openSteps(QStringLiteral("test"));
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1);
    EXPECT_EQ(open->first().kind, QStringLiteral("teardown"));

    world->pool().start();
    EXPECT_TRUE(world->pool().teardownInterrupted());
    EXPECT_EQ(world->pool().state(), State::Disabled);
    const qint64 until = world->clock().monotonicMs() + 60000;
    ASSERT_TRUE(test::waitUntil([&] { return world->clock().monotonicMs() > until; }, 30000));
    EXPECT_EQ(world->pool().state(), State::Disabled) << world->pool().lastReason().toStdString();
    EXPECT_TRUE(!sim(r.standbyId) || sim(r.standbyId)->intended == u"stopped") << "the standby was started";

    const Status finished = test::awaitStatus([&](auto done) { world->pool().teardown(&world->pool(), done); });
    ASSERT_TRUE(finished.ok()) << finished.error().message.toStdString();
    EXPECT_TRUE(world->market().instances().isEmpty());
    EXPECT_TRUE(world->market().volumes().isEmpty());
    EXPECT_TRUE(world->journal().openSteps(QStringLiteral("test"))->isEmpty());
}

// The cooldown and the storm count are decisions about time, so they neither forget across a
// restart nor move with the wall clock: after one failover and a restart, with the wall clock
// then two hours ahead, a second death waits out the cooldown and the second failover still
// counts as the second within the hour, which pauses automation.
TEST_F(WarmPoolTest, TheCooldownAndTheStormCountSurviveARestartAndAWallClockJump)
{
    DemoWorld::Options o = world->options();
    o.pool.cooldownMs = 120000;
    world.reset();
    auto w = DemoWorld::create(o);
    ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
    world = std::move(w).value();
    watchAlerts();
    provision();
    const auto first = world->pool().record();
    ASSERT_TRUE(world->market().killInstance(first.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 1; }, 60000));
    ASSERT_TRUE(waitState(State::Active));
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().standbyId != 0; }, 60000));

    world->restartEngine();
    watchAlerts();
    world->pool().start();
    ASSERT_TRUE(waitState(State::Active));
    world->clock().setWallSkewMs(2 * 3600 * 1000);
    const auto second = world->pool().record();
    ASSERT_TRUE(waitWritesIn(second.generation));
    ASSERT_TRUE(world->market().killInstance(second.primaryId).ok());
    ASSERT_TRUE(test::waitUntil([&] { return alerts.contains(QStringLiteral("cooldown")); }, 60000))
        << "the restart forgot the cooldown";
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().failovers == 2; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(waitState(State::Paused)) << "the storm count forgot the failover before the restart";
    EXPECT_TRUE(alerts.contains(QStringLiteral("failover_storm")));
    world->clock().setWallSkewMs(0);
    expectCleanHistory(3);
}
