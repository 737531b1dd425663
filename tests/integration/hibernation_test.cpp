// Auto-hibernation and budgets on a whole simulated setup: one GPU with its CPU standby, the
// GPU's utilization set through the test host's nvidia-smi.
#include "core/budgetwatcher.h"
#include "core/clock.h"
#include "core/costtracker.h"
#include "core/cpustandby.h"
#include "core/creditwatcher.h"
#include "core/hibernation.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/writechecker.h"
#include "sim/simmarket.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/simvastapi.h"
#include "sim/sshtesthost.h"

#include "support/fastworld.h"
#include "support/testutil.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

class HibernationTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    std::unique_ptr<DemoWorld> world;

    void make(bool idleHibernation, int endpointPort = 0)
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        DemoWorld::Options o = test::fastWorld(dir.path(), QStringLiteral("idle"));
        o.singleGpuMarket = true;
        o.pool.gpuNames = { QStringLiteral("RTX 4090") };
        o.cpuStandby = true;
        o.cpuOptions.syncIntervalMs = 20000;
        o.hibernation.enabled = idleHibernation;
        o.hibernation.idleMs = 60000;
        o.hibernation.endpointPort = endpointPort;
        auto w = DemoWorld::create(o);
        ASSERT_TRUE(w.ok()) << w.error().message.toStdString();
        world = std::move(w).value();
        world->start();
        ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000));
        ASSERT_TRUE(test::waitUntil([&] { return world->cpuStandby()->copy().has_value(); }, 60000));
    }
    SshTestHost *primaryHost() { return world->hosts().hostOf(world->pool().record().primaryId); }
    QList<JournalEvent> journal(const QStringList &kinds)
    {
        JournalQuery q;
        q.kinds = kinds;
        q.limit = 1000;
        const auto r = world->journal().query(q);
        EXPECT_TRUE(r.ok());
        return r.ok() ? *r : QList<JournalEvent>();
    }
    int events(const QString &kind, JournalPhase phase = JournalPhase::Event)
    {
        int n = 0;
        for (const JournalEvent &e : journal({ kind }))
            n += e.phase == phase ? 1 : 0;
        return n;
    }
    void letPass(qint64 simulatedMs)
    {
        const qint64 until = world->clock().monotonicMs() + simulatedMs;
        ASSERT_TRUE(test::waitUntil([&] { return world->clock().monotonicMs() > until; }, 60000));
    }
};

} // namespace

TEST_F(HibernationTest, AnIdleGpuIsCopiedAwayThenStoppedAndWakesWhereItWas)
{
    make(true);
    const WarmPool::Record before = world->pool().record();
    primaryHost()->setGpuUtilization(2);
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Hibernated; }, 60000))
        << world->pool().lastReason().toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().record().hibernated; }, 30000));
    EXPECT_TRUE(world->pool().lastReason().contains(QStringLiteral("idle")))
        << world->pool().lastReason().toStdString();
    // The copy was taken right before the stop, and the stop was asked of the provider.
    std::optional<JournalEvent> lastSync, hibernate;
    for (const JournalEvent &e : journal({ QStringLiteral("cpu_sync"), QStringLiteral("hibernate") })) {
        if (e.kind == u"cpu_sync" && !hibernate && e.data.value(QStringLiteral("ok")).toBool())
            lastSync = e;
        if (e.kind == u"hibernate" && e.phase == JournalPhase::Intent)
            hibernate = e;
    }
    ASSERT_TRUE(lastSync && hibernate);
    // Scheduled syncs are 20 simulated seconds apart; this one ended just before the stop.
    EXPECT_LT(lastSync->time.msecsTo(hibernate->time), 2000);
    const SimInstance *primary = world->market().instance(before.primaryId);
    ASSERT_NE(primary, nullptr);
    EXPECT_EQ(primary->intended, QStringLiteral("stopped"));

    // A stopped primary is not a dead one: no failover, no takeover, however long it sleeps.
    letPass(10 * world->options().pool.healthIntervalMs);
    EXPECT_EQ(world->pool().state(), WarmPool::State::Hibernated);
    EXPECT_EQ(events(QStringLiteral("failover"), JournalPhase::Intent), 0);
    EXPECT_EQ(world->cpuStandby()->state(), CpuStandby::State::Standby);

    primaryHost()->setGpuUtilization(90); // (the host is down while stopped; the file stays)
    const auto woken = test::awaitStatus([&](auto done) { world->hibernation().wake(done); }, 60000);
    ASSERT_TRUE(woken.ok()) << woken.error().message.toStdString();
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active);
    EXPECT_EQ(world->pool().record().primaryId, before.primaryId) << "the same GPU, the same volume";
    EXPECT_EQ(world->pool().record().generation, before.generation + 1) << "a new writer, a new generation";
    EXPECT_FALSE(world->pool().record().hibernated);
    const int acks = checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged;
    ASSERT_TRUE(test::waitUntil(
        [&] { return checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged > acks + 5; }, 30000))
        << "the workload writes again";
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.lost, 0) << c.firstProblem.toStdString();
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

TEST_F(HibernationTest, ABusyGpuIsNeverStopped)
{
    make(true);
    primaryHost()->setGpuUtilization(90);
    letPass(3 * world->hibernation().options().idleMs);
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active);
    EXPECT_EQ(events(QStringLiteral("hibernate"), JournalPhase::Intent), 0);
    EXPECT_FALSE(world->hibernation().idleForMs().has_value());
}

TEST_F(HibernationTest, BudgetAlertsFireOncePerThresholdAndTheHardActionIsJournaled)
{
    make(false); // no idle hibernation: only the budget stops this GPU
    PoolRegistry registry(WarmPool::Services { &world->cloud(), &world->access(), &world->journal(), &world->clock() },
        dir.filePath(QStringLiteral("config")));
    registry.adopt(&world->pool());
    CostTracker::Options options;
    options.sampleIntervalMs = 30000;
    CostTracker costs(&registry, &world->cloud(), &world->journal(), &world->clock(), options);
    BudgetWatcher budgets(&costs, &world->journal(), &world->clock());
    // About 6 simulated minutes of this pool (18 s of the test).
    const double rate = 0.30 + 0.020106;
    budgets.setBudget(QStringLiteral("idle"), { rate * 0.1, &world->hibernation() });
    QStringList alerts;
    QObject::connect(
        &budgets, &BudgetWatcher::alert, &budgets, [&](const QString &kind, const QString &) { alerts << kind; });
    costs.start();
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Hibernated; }, 120000))
        << alerts.join(u',').toStdString() << " " << world->pool().lastReason().toStdString();
    EXPECT_EQ(alerts, (QStringList { QStringLiteral("budget_warning"), QStringLiteral("budget_reached") }));
    // More samples over the budget: no storm.
    int sampled = 0;
    QObject::connect(&costs, &CostTracker::sampled, &costs, [&] { ++sampled; });
    ASSERT_TRUE(test::waitUntil([&] { return sampled >= 3; }, 30000));
    EXPECT_EQ(alerts.size(), 2);
    EXPECT_EQ(events(QStringLiteral("budget_alert")), 2);
    EXPECT_EQ(events(QStringLiteral("budget_action"), JournalPhase::Intent), 1);
    EXPECT_EQ(events(QStringLiteral("budget_action"), JournalPhase::Outcome), 1);
    // A restart does not alert again this month.
    BudgetWatcher restarted(&costs, &world->journal(), &world->clock());
    restarted.setBudget(QStringLiteral("idle"), { rate * 0.1, nullptr });
    QStringList again;
    QObject::connect(
        &restarted, &BudgetWatcher::alert, &restarted, [&](const QString &kind, const QString &) { again << kind; });
    const int before = sampled;
    ASSERT_TRUE(test::waitUntil([&] { return sampled >= before + 2; }, 30000));
    EXPECT_TRUE(again.isEmpty()) << again.join(u',').toStdString();
}

TEST_F(HibernationTest, LowCreditIsSaidOnceWhileThereIsTimeToTopItUp)
{
    make(false);
    PoolRegistry registry(WarmPool::Services { &world->cloud(), &world->access(), &world->journal(), &world->clock() },
        dir.filePath(QStringLiteral("config")));
    registry.adopt(&world->pool());
    CostTracker costs(&registry, &world->cloud(), &world->journal(), &world->clock(), {});
    costs.sampleNow();
    ASSERT_TRUE(test::waitUntil([&] { return costs.costOf(QStringLiteral("idle")).rate.total > 0; }, 30000));
    // The simulator's $250 at ~$0.32/h lasts ~780 h: under a 1,000 h threshold, over a 100 h one.
    CreditWatcher::Options options;
    options.alertBelowHours = 1000;
    CreditWatcher watcher(&world->cloud(), &costs, &registry, &world->journal(), &world->clock(), options);
    QStringList alerts;
    QObject::connect(
        &watcher, &CreditWatcher::alert, &watcher, [&](const QString &kind, const QString &) { alerts << kind; });
    watcher.checkNow();
    ASSERT_TRUE(test::waitUntil([&] { return watcher.credit().has_value(); }, 30000));
    EXPECT_NEAR(*watcher.credit(), world->market().credit(), 0.01);
    ASSERT_TRUE(watcher.hoursLeft().has_value());
    EXPECT_NEAR(*watcher.hoursLeft(), world->market().credit() / costs.costOf(QStringLiteral("idle")).rate.total, 1);
    EXPECT_EQ(alerts, QStringList { QStringLiteral("credit_low") });
    watcher.checkNow();
    watcher.checkNow();
    ASSERT_TRUE(test::waitUntil([&] { return events(QStringLiteral("credit_low")) >= 1; }, 30000));
    letPass(60000);
    EXPECT_EQ(alerts.size(), 1) << "said once, not at every check";
    EXPECT_EQ(events(QStringLiteral("credit_low")), 1);

    CreditWatcher::Options relaxed;
    relaxed.alertBelowHours = 100;
    CreditWatcher calm(&world->cloud(), &costs, &registry, &world->journal(), &world->clock(), relaxed);
    QStringList none;
    QObject::connect(&calm, &CreditWatcher::alert, &calm, [&](const QString &kind, const QString &) { none << kind; });
    calm.checkNow();
    ASSERT_TRUE(test::waitUntil([&] { return calm.credit().has_value(); }, 30000));
    EXPECT_TRUE(none.isEmpty());
}

TEST_F(HibernationTest, AHibernatedPoolWakesOnItsSchedule)
{
    make(false);
    QStringList bad;
    EXPECT_EQ(
        Hibernation::parseSchedule({ QStringLiteral("09:00"), QStringLiteral("25:00"), QStringLiteral("9am") }, &bad)
            .size(),
        1);
    EXPECT_EQ(bad, QStringList({ QStringLiteral("25:00"), QStringLiteral("9am") }));

    const auto slept = test::awaitStatus(
        [&](auto done) { world->hibernation().hibernateNow(QStringLiteral("night"), done); }, 60000);
    ASSERT_TRUE(slept.ok()) << slept.error().message.toStdString();
    ASSERT_EQ(world->pool().state(), WarmPool::State::Hibernated);
    // Two to three simulated minutes from now, to the minute, as a user would set it.
    const QDateTime soon = world->clock().now().toUTC().addSecs(180);
    const QTime at(soon.time().hour(), soon.time().minute());
    Hibernation::Options o = world->hibernation().options();
    o.wakeAtUtc = { at };
    world->hibernation().setOptions(o);
    // Asleep until then: no wake before the time.
    letPass(60000);
    EXPECT_EQ(world->pool().state(), WarmPool::State::Hibernated);
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Active; }, 60000))
        << world->pool().lastReason().toStdString();
    EXPECT_TRUE(world->pool().lastReason().startsWith(u"woken")) << world->pool().lastReason().toStdString();
    EXPECT_EQ(events(QStringLiteral("wake"), JournalPhase::Intent), 1);
    const QDateTime woke = journal({ QStringLiteral("wake") }).first().time.toUTC();
    EXPECT_GE(woke, QDateTime(soon.date(), at, Qt::UTC)) << "never before the time asked";
}

TEST_F(HibernationTest, AConnectionToTheUsersEndpointKeepsAnIdleGpuAwake)
{
    EXPECT_EQ(Hibernation::parseActivity("SESSIONS 0\nCONNECTIONS 2\n")->connections, 2);
    EXPECT_EQ(Hibernation::parseActivity("SESSIONS 1\n")->sessions, 1);
    EXPECT_FALSE(Hibernation::parseActivity("who: not found").has_value()) << "unreadable counts as in use";

    // The user's service: a port on this machine (the test hosts share its network), with a
    // client connected to it.
    QTcpServer service;
    ASSERT_TRUE(service.listen(QHostAddress::LocalHost, 0));
    make(true, service.serverPort());
    auto client = std::make_unique<QTcpSocket>();
    client->connectToHost(QHostAddress::LocalHost, service.serverPort());
    ASSERT_TRUE(client->waitForConnected(5000));
    primaryHost()->setGpuUtilization(2); // the GPUs rest, the service is in use
    letPass(3 * world->hibernation().options().idleMs);
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active);
    EXPECT_EQ(events(QStringLiteral("hibernate"), JournalPhase::Intent), 0);

    // Nobody connected any more: idle, and it hibernates.
    client.reset();
    while (QTcpSocket *accepted = service.nextPendingConnection())
        delete accepted;
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Hibernated; }, 90000))
        << world->pool().lastReason().toStdString();
    EXPECT_TRUE(world->pool().lastReason().contains(QStringLiteral("no connection to port")))
        << world->pool().lastReason().toStdString();
}

// A double click, the API and the schedule asking at once: one start, one new generation, one
// workload, and every caller told the outcome.
TEST_F(HibernationTest, OverlappingWakesStartTheWorkloadOnce)
{
    make(false);
    const WarmPool::Record before = world->pool().record();
    const auto slept = test::awaitStatus(
        [&](auto done) { world->hibernation().hibernateNow(QStringLiteral("night"), done); }, 60000);
    ASSERT_TRUE(slept.ok()) << slept.error().message.toStdString();
    std::optional<Status> first, second;
    world->hibernation().wake([&](Status s) { first = s; });
    world->hibernation().wake([&](Status s) { second = s; });
    ASSERT_TRUE(test::waitUntil([&] { return first && second; }, 60000));
    EXPECT_TRUE(first->ok()) << first->error().message.toStdString();
    EXPECT_TRUE(second->ok()) << second->error().message.toStdString();
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active);
    EXPECT_EQ(world->pool().record().generation, before.generation + 1);
    EXPECT_EQ(events(QStringLiteral("wake"), JournalPhase::Intent), 1);
    const int acks = checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged;
    ASSERT_TRUE(test::waitUntil(
        [&] { return checkWrites(world->ackLogPath(), world->volumeLogPath()).acknowledged > acks + 5; }, 30000));
    const WriteCheck c = checkWrites(world->ackLogPath(), world->volumeLogPath());
    EXPECT_EQ(c.overlapping, 0) << c.firstProblem.toStdString();
}

// A wake while the hibernation's stop is still on its way is refused, not raced against it; and
// a stop the provider never confirms is no hibernation: the primary stays watched.
TEST_F(HibernationTest, AWakeDuringAHibernationIsRefusedAndAnUnconfirmedStopIsNoHibernation)
{
    make(false);
    const WarmPool::Record before = world->pool().record();
    world->sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("stale"), -1, 0 });
    std::optional<Status> slept, woken;
    world->hibernation().hibernateNow(QStringLiteral("night"), [&](Status s) { slept = s; });
    ASSERT_TRUE(test::waitUntil([&] { return world->pool().state() == WarmPool::State::Hibernated; }, 60000));
    world->hibernation().wake([&](Status s) { woken = s; });
    ASSERT_TRUE(test::waitUntil([&] { return woken.has_value(); }, 60000));
    ASSERT_FALSE(woken->ok());
    EXPECT_EQ(woken->error().code, QStringLiteral("busy"));
    ASSERT_TRUE(test::waitUntil([&] { return slept.has_value(); }, 120000));
    ASSERT_FALSE(slept->ok());
    EXPECT_EQ(slept->error().code, QStringLiteral("hibernate_unconfirmed"));
    EXPECT_EQ(world->pool().state(), WarmPool::State::Active) << world->pool().lastReason().toStdString();
    EXPECT_FALSE(world->pool().record().hibernated);
    EXPECT_EQ(world->pool().record().generation, before.generation);
    EXPECT_EQ(events(QStringLiteral("wake"), JournalPhase::Intent), 0);
    world->sim().vast().clearFaults();
}
