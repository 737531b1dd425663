// The desktop app end to end on its own in-process engine (the demo world: simulated cloud, real
// test hosts): a failure injected into the cloud reaches the dashboard, the notifications and the
// charts through the engine's API and journal.
#include "core/appcontext.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/enginehost.h"
#include "gui/alertnotifier.h"
#include "gui/chartsview.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/poolcard.h"
#include "gui/traycontroller.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(DesktopApp, AKilledPrimaryShowsOnTheDashboardInANotificationAndInTheCharts)
{
    QString why;
    if (!SshTestHost::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    CommonOptions options;
    options.configDir = dir.filePath(QStringLiteral("config"));
    options.dataDir = dir.filePath(QStringLiteral("data"));
    options.demo = true;
    options.apiPort = 0;
    auto ctx = AppContext::create(options, AppContext::Secrets::InMemory, QStringLiteral("gui-test"));
    ASSERT_TRUE(ctx) << ctx.error().message.toStdString();
    EngineHost::Options eo;
    eo.demo = true;
    eo.port = 0;
    auto host = EngineHost::create(**ctx, eo);
    ASSERT_TRUE(host) << host.error().message.toStdString();
    DemoWorld *world = (*host)->world();
    ASSERT_NE(world, nullptr);

    EngineLink link((*host)->apiPort(), (*host)->apiToken());
    DesktopApp app(&link, &(*ctx)->clock(), &(*ctx)->settings());
    QList<AlertNotifier::Notification> notified;
    QObject::connect(&app.notifier(), &AlertNotifier::notify, &app,
        [&](const AlertNotifier::Notification &n) { notified.append(n); });
    (*host)->start();
    app.start(200);
    app.window().show();

    const auto state = [&] {
        PoolCard *card = app.window().card(QStringLiteral("demo"));
        return card ? card->findChild<QLabel *>(QStringLiteral("stateLabel"))->text() : QString();
    };
    ASSERT_TRUE(test::waitUntil([&] { return state() == u"State: active"; }, 90000)) << state().toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] { return app.window().card(QStringLiteral("demo"))->protection().level == Protection::Level::Green; },
        60000));
    EXPECT_EQ(app.tray().level(), Protection::Level::Green);

    world->market().killInstance(world->pool().record().primaryId);
    QStringList states;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            if (states.isEmpty() || states.last() != state())
                states << state();
            return world->pool().record().failovers == 1 && state() == u"State: active";
        },
        90000))
        << states.join(u", ").toStdString();
    EXPECT_TRUE(states.contains(QStringLiteral("State: failover"))) << states.join(u", ").toStdString();
    // The notifications, in words, and where there is no tray (offscreen) in the status bar.
    ASSERT_TRUE(test::waitUntil([&] {
        return std::any_of(
            notified.cbegin(), notified.cend(), [](const auto &n) { return n.title == u"Failover finished"; });
    }));
    EXPECT_EQ(notified.first().title, QStringLiteral("Failover started"));
    EXPECT_TRUE(notified.first().message.contains(u"demo"));
    if (!app.tray().available()) {
        EXPECT_FALSE(app.window().statusBar()->currentMessage().isEmpty());
    }
    // After a failover the standby is gone until a new one is rented: the tray says so.
    EXPECT_NE(app.tray().level(), Protection::Level::Green);

    // The charts' series come from the journal: the failover's phases and the cost samples.
    const ChartData &data = app.window().charts()->data();
    ASSERT_TRUE(test::waitUntil([&] { return !data.recoveries.isEmpty(); }));
    EXPECT_TRUE(data.recoveries.last().ok);
    EXPECT_GT(data.recoveries.last().fenceS + data.recoveries.last().startS + data.recoveries.last().readyS, 0);
    EXPECT_FALSE(data.rates.isEmpty());
    app.window().charts()->redraw(QDateTime::currentDateTimeUtc().addSecs(3600));
    EXPECT_EQ(app.window().charts()->recoveryView()->chart()->series().size(), 1);
}
