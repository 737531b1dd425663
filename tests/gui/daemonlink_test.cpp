// The desktop app's link to a running daemon, over the real local API.
#include "gui/daemonlink.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(DaemonLink, FollowsTheDaemonsPoolsAndDrivesADrill)
{
    QString why;
    if (!SshTestHost::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir;
    QProcess daemon;
    const int port
        = test::startDemoDaemon(daemon, dir.filePath(QStringLiteral("c")), dir.filePath(QStringLiteral("d")));
    ASSERT_GT(port, 0);

    DaemonLink link(port, QString::fromLatin1(test::readAll(dir.filePath(QStringLiteral("c/api-token"))).trimmed()));
    QJsonObject pool;
    QObject::connect(
        &link, &DaemonLink::poolsChanged, &link, [&](const QJsonArray &pools) { pool = pools.first().toObject(); });
    link.start(200);
    ASSERT_TRUE(test::waitUntil([&] { return pool.value(QStringLiteral("state")).toString() == u"active"; }, 60000));
    EXPECT_EQ(pool.value(QStringLiteral("pool")).toString(), QStringLiteral("demo"));

    bool drilled = false;
    QObject::connect(&link, &DaemonLink::actionDone, &link,
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

    // A wrong token: the link reports nothing as pools, the daemon refuses.
    DaemonLink intruder(port, QStringLiteral("not-the-token-0123456789abcdef0123456789"));
    bool refused = false;
    QObject::connect(&intruder, &DaemonLink::unreachable, &intruder, [&](const QString &) { refused = true; });
    intruder.refresh();
    EXPECT_TRUE(test::waitUntil([&] { return refused; }));

    daemon.terminate();
    EXPECT_TRUE(daemon.waitForFinished(20000));
}
