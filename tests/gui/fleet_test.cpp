// The dashboard with fifty pools on the simulated cloud, through the real API: every pool gets
// its card, failures on a few show on theirs, and the longest event-loop stall during the
// updates is recorded (measured, not asserted: bench/dashboard_bench reports it).
#include "core/poolregistry.h"
#include "core/testclock.h"
#include "core/warmpool.h"
#include "demo/fleetworld.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/languageswitcher.h"
#include "gui/mainwindow.h"
#include "gui/poolcard.h"
#include "gui/stallmeter.h"
#include "sim/simmarket.h"

#include "support/testutil.h"

#include <QLabel>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(Fleet, FiftyPoolsEachShowOnTheDashboardAndTheirFailuresOnTheirOwnCards)
{
    QTemporaryDir dir;
    auto world = FleetWorld::create({ dir.path(), 50, 20 });
    ASSERT_TRUE(world) << world.error().message.toStdString();
    (*world)->start();
    EngineLink link((*world)->apiPort(), (*world)->apiToken());
    TestClock alertClock;
    MainWindow window;
    QObject::connect(&link, &EngineLink::poolsChanged, &window, &MainWindow::setPools);
    QObject::connect(&link, &EngineLink::costsChanged, &window, &MainWindow::setCosts);
    QObject::connect(&link, &EngineLink::eventsArrived, &window, &MainWindow::addEvents);
    window.show();
    StallMeter stalls;
    stalls.start();
    link.start(500);

    const auto stateOf = [&](const QString &pool) {
        PoolCard *card = window.card(pool);
        return card ? card->findChild<QLabel *>(QStringLiteral("stateLabel"))->text() : QString();
    };
    const auto activeCards = [&] {
        int n = 0;
        for (const QString &id : window.poolIds())
            n += stateOf(id) == u"State: active";
        return n;
    };
    ASSERT_TRUE(test::waitUntil([&] { return activeCards() == 50; }, 120000)) << activeCards();
    EXPECT_EQ(window.poolIds().size(), 50);

    // Three primaries die; exactly their cards go through a failover, the others stay active.
    const QStringList victims { QStringLiteral("pool-07"), QStringLiteral("pool-23"), QStringLiteral("pool-41") };
    for (const QString &v : victims)
        (*world)->market().killInstance((*world)->pools().find(v)->record().primaryId);
    QSet<QString> sawFailover;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            for (const QString &id : window.poolIds())
                if (stateOf(id) == u"State: failover")
                    sawFailover.insert(id);
            bool done = true;
            for (const QString &v : victims)
                done = done && (*world)->pools().find(v)->record().failovers == 1 && stateOf(v) == u"State: active";
            return done;
        },
        120000));
    EXPECT_EQ(sawFailover, QSet<QString>(victims.cbegin(), victims.cend()));
    EXPECT_EQ(activeCards(), 50);
    stalls.stop();
    ASSERT_GT(stalls.ticks(), 100u);
    ::testing::Test::RecordProperty("longest_stall_ms", int(stalls.longestMs()));
    ::testing::Test::RecordProperty("p99_stall_ms", int(stalls.percentileMs(99)));
    std::printf("dashboard with 50 pools: longest event-loop stall %lld ms, p99 %lld ms over %zu ticks\n",
        stalls.longestMs(), stalls.percentileMs(99), stalls.ticks());
}
