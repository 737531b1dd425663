// The desktop app's link to its engine, over the real local API of a running daemon.
#include "gui/enginelink.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(EngineLink, FollowsTheDaemonsPoolsAndDrivesADrill)
{
    QString why;
    if (!SshTestHost::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    QProcess daemon;
    const int port
        = test::startDemoDaemon(daemon, dir.filePath(QStringLiteral("c")), dir.filePath(QStringLiteral("d")));
    ASSERT_GT(port, 0);

    EngineLink link(port, QString::fromLatin1(test::readAll(dir.filePath(QStringLiteral("c/api-token"))).trimmed()));
    QJsonObject pool;
    QObject::connect(
        &link, &EngineLink::poolsChanged, &link, [&](const QJsonArray &pools) { pool = pools.first().toObject(); });
    QJsonArray events;
    QObject::connect(&link, &EngineLink::eventsArrived, &link, [&](const QJsonArray &batch) {
        for (const QJsonValue &e : batch)
            events.append(e);
    });
    QJsonObject costs;
    QObject::connect(&link, &EngineLink::costsChanged, &link, [&](const QJsonObject &c) { costs = c; });
    link.start(200);
    ASSERT_TRUE(test::waitUntil([&] { return pool.value(QStringLiteral("state")).toString() == u"active"; }, 60000));
    EXPECT_EQ(pool.value(QStringLiteral("pool")).toString(), QStringLiteral("demo"));

    bool drilled = false;
    QObject::connect(&link, &EngineLink::actionDone, &link,
        [&](const QString &what, bool ok, const QString &) { drilled = what == u"drill" && ok; });
    link.drill(QStringLiteral("demo"));
    ASSERT_TRUE(test::waitUntil([&] { return drilled; }));
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return pool.value(QStringLiteral("failover_count")).toInt() == 1
                && pool.value(QStringLiteral("state")).toString() == u"active";
        },
        60000));
    EXPECT_EQ(pool.value(QStringLiteral("generation")).toInt(), 2);

    // The journal's feed arrives once, in order, with the drill's alerts and its outcome.
    QList<qint64> ids;
    QStringList alerts;
    QJsonObject outcome;
    for (const QJsonValue &v : std::as_const(events)) {
        const QJsonObject e = v.toObject();
        ids << qint64(e.value(QStringLiteral("id")).toDouble());
        if (e.value(QStringLiteral("kind")).toString() == u"alert")
            alerts << e.value(QStringLiteral("data")).toObject().value(QStringLiteral("alert")).toString();
        if (e.value(QStringLiteral("kind")).toString() == u"failover"
            && e.value(QStringLiteral("phase")).toString() == u"outcome")
            outcome = e.value(QStringLiteral("data")).toObject();
    }
    EXPECT_TRUE(std::is_sorted(ids.cbegin(), ids.cend()));
    EXPECT_EQ(QSet<qint64>(ids.cbegin(), ids.cend()).size(), ids.size()) << "an event arrived twice";
    EXPECT_TRUE(alerts.contains(QStringLiteral("failover_started"))) << alerts.join(u',').toStdString();
    EXPECT_TRUE(test::waitUntil([&] {
        for (const QJsonValue &v : std::as_const(events))
            if (v.toObject().value(QStringLiteral("data")).toObject().value(QStringLiteral("alert")).toString()
                == u"failover_finished")
                return true;
        return false;
    }));
    EXPECT_TRUE(outcome.value(QStringLiteral("ok")).toBool());
    EXPECT_EQ(outcome.value(QStringLiteral("detection_ms")).toDouble(), 0.0) << "a drill detects nothing";
    EXPECT_GT(outcome.value(QStringLiteral("total_ms")).toDouble(), 0.0);
    EXPECT_TRUE(costs.value(QStringLiteral("pools")).isArray());

    // A wrong token: the link reports nothing as pools, the daemon refuses.
    EngineLink intruder(port, QStringLiteral("not-the-token-0123456789abcdef0123456789"));
    bool refused = false;
    QObject::connect(&intruder, &EngineLink::unreachable, &intruder, [&](const QString &) { refused = true; });
    intruder.refresh();
    EXPECT_TRUE(test::waitUntil([&] { return refused; }));

    daemon.terminate();
    EXPECT_TRUE(daemon.waitForFinished(20000));
}
