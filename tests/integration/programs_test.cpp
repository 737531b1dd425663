// The four programs as a user runs them: real processes, real ports.
#include "core/clock.h"
#include "core/journal.h"

#include "support/testutil.h"

#include "gpufailover/version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

using namespace gpufailover;

namespace {
QString bin(const char *name)
{
    return QStringLiteral(GPF_BIN_DIR "/") + QString::fromLatin1(name);
}

// Reads stdout until a line matches `re`; returns its first capture.
QString waitForLine(QProcess &p, const QRegularExpression &re)
{
    QString out;
    QString captured;
    test::waitUntil([&] {
        out += QString::fromUtf8(p.readAllStandardOutput());
        const auto m = re.match(out);
        if (m.hasMatch())
            captured = m.captured(1);
        return !captured.isEmpty() || p.state() == QProcess::NotRunning;
    });
    return captured;
}
} // namespace

class ProgramVersion : public ::testing::TestWithParam<const char *>
{
};

TEST_P(ProgramVersion, PrintsVersionAndHelpWithoutADisplay)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(bin(GetParam()), { QStringLiteral("--version") });
    ASSERT_TRUE(p.waitForFinished(20000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    EXPECT_EQ(QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
        QString::fromLatin1(GetParam()) + u' ' + QString::fromLatin1(kVersion));

    p.start(bin(GetParam()), { QStringLiteral("--help") });
    ASSERT_TRUE(p.waitForFinished(20000));
    EXPECT_EQ(p.exitCode(), 0);
    const QString help = QString::fromUtf8(p.readAllStandardOutput());
    EXPECT_TRUE(help.contains(QStringLiteral("--version"))) << help.toStdString();
}

INSTANTIATE_TEST_SUITE_P(AllPrograms, ProgramVersion,
    ::testing::Values("gpufailover", "gpufailoverd", "gpufailoverctl", "gpufailover-sim", "gpufailover-lab"));

TEST(Daemon, ServesHealthJournalsItsLifeAndStopsOnSigterm)
{
    QTemporaryDir config, data;
    QProcess daemon;
    // The real daemon, as a user starts it: here with no keychain to read keys from, so it drives
    // nothing yet, but serves its API and journals its life. (No session bus: a keyring of the
    // machine running the tests is never read.)
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(
        QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/gpufailover-test-bus"));
    daemon.setProcessEnvironment(env);
    daemon.start(bin("gpufailoverd"),
        { QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--config-dir"), config.path(),
            QStringLiteral("--data-dir"), data.path() });
    ASSERT_TRUE(daemon.waitForStarted());
    const QString port = waitForLine(daemon, QRegularExpression(QStringLiteral("API on http://127.0.0.1:(\\d+)")));
    ASSERT_FALSE(port.isEmpty()) << daemon.readAllStandardError().toStdString();

    // The CLI talks to it over real HTTP.
    QProcess ctl;
    ctl.start(bin("gpufailoverctl"), { QStringLiteral("--api-port"), port, QStringLiteral("health") });
    ASSERT_TRUE(ctl.waitForFinished(20000));
    EXPECT_EQ(ctl.exitCode(), 0) << ctl.readAllStandardError().toStdString();
    EXPECT_EQ(QString::fromUtf8(ctl.readAllStandardOutput()).trimmed(),
        QStringLiteral("ok (version %1)").arg(QString::fromLatin1(kVersion)));

    ::kill(pid_t(daemon.processId()), SIGTERM);
    ASSERT_TRUE(daemon.waitForFinished(20000));
    EXPECT_EQ(daemon.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(daemon.exitCode(), 0);

    SystemClock clock;
    auto j = Journal::open(data.filePath(QStringLiteral("journal.sqlite")), &clock);
    ASSERT_TRUE(j.ok());
    auto events = (*j)->query({});
    ASSERT_TRUE(events.ok());
    QStringList kinds;
    for (const auto &e : *events)
        kinds << e.kind;
    EXPECT_EQ(kinds, (QStringList { QStringLiteral("daemon_started"), QStringLiteral("daemon_stopped") }));
    EXPECT_TRUE(QFile::exists(data.filePath(QStringLiteral("logs/gpufailoverd.log"))));
}

// The daemon's own options: a bad one stops it before it touches anything (exit 2, as documented).
TEST(Daemon, RefusesABadBindAddressBeforeStarting)
{
    QTemporaryDir config, data;
    QProcess daemon;
    daemon.start(bin("gpufailoverd"),
        { QStringLiteral("--api-bind"), QStringLiteral("not-an-address"), QStringLiteral("--config-dir"), config.path(),
            QStringLiteral("--data-dir"), data.path() });
    ASSERT_TRUE(daemon.waitForFinished(20000));
    EXPECT_EQ(daemon.exitCode(), 2);
    EXPECT_TRUE(daemon.readAllStandardError().contains("--api-bind: not an address")) << "the option is known";
    EXPECT_FALSE(QFile::exists(data.filePath(QStringLiteral("journal.sqlite"))));
}

TEST(Ctl, ReportsAnUnreachableDaemonWithItsOwnExitCode)
{
    QProcess ctl;
    // Port 1 on loopback: nothing listens there.
    ctl.start(bin("gpufailoverctl"), { QStringLiteral("--api-port"), QStringLiteral("1"), QStringLiteral("health") });
    ASSERT_TRUE(ctl.waitForFinished(20000));
    EXPECT_EQ(ctl.exitCode(), 3);
    EXPECT_TRUE(ctl.readAllStandardError().contains("not reachable"));
}

TEST(Sim, ServesTheVastApiAsTheOfficialCliCallsIt)
{
    QProcess sim;
    sim.start(bin("gpufailover-sim"),
        { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("1"),
            QStringLiteral("--time-scale"), QStringLiteral("100") });
    const QString port = waitForLine(sim, QRegularExpression(QStringLiteral("listening on http://127.0.0.1:(\\d+)")));
    ASSERT_FALSE(port.isEmpty()) << sim.readAllStandardError().toStdString();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QByteArray key = "simvast-0123456789abcdef0123456789abcdef";
    QNetworkAccessManager nam;
    const auto call
        = [&](const QByteArray &verb, const QString &path, const QByteArray &body, const QByteArray &bearer) {
              QNetworkRequest req { QUrl(base + path) };
              if (!bearer.isEmpty())
                  req.setRawHeader("Authorization", "Bearer " + bearer);
              req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
              QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
              test::waitUntil([&] { return reply->isFinished(); });
              const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
              const QJsonObject json = QJsonDocument::fromJson(reply->readAll()).object();
              reply->deleteLater();
              return std::make_pair(status, json);
          };

    // Flat bundles query with the CLI's defaults; no key needed for search.
    auto [status, offers] = call("POST", QStringLiteral("/api/v0/bundles/"),
        R"({"verified":{"eq":true},"external":{"eq":false},"rentable":{"eq":true},"rented":{"eq":false},)"
        R"("num_gpus":{"gte":2},"order":[["score","desc"]],"allocated_storage":5,"limit":10})",
        {});
    EXPECT_EQ(status, 200);
    const QJsonArray list = offers.value(QStringLiteral("offers")).toArray();
    ASSERT_FALSE(list.isEmpty());
    for (const QJsonValue &o : list)
        EXPECT_GE(o.toObject().value(QStringLiteral("num_gpus")).toInt(), 2);

    // Legacy api_key query parameter, no trailing slash.
    auto [s2, shown]
        = call("GET", QStringLiteral("/api/v0/instances/42?owner=me&api_key=") + QString::fromLatin1(key), {}, {});
    EXPECT_EQ(s2, 200);
    EXPECT_TRUE(shown.contains(QStringLiteral("instances")) && shown.value(QStringLiteral("instances")).isNull());

    auto [s3, denied] = call("GET", QStringLiteral("/api/v0/users/current/"), {}, "wrong-key");
    EXPECT_EQ(s3, 401);
    EXPECT_EQ(denied.value(QStringLiteral("error")).toString(), QStringLiteral("auth_error"));

    auto [s4, dead] = call("GET", QStringLiteral("/api/v0/instances/"), {}, key);
    EXPECT_EQ(s4, 410);
    EXPECT_EQ(dead.value(QStringLiteral("error")).toString(), QStringLiteral("deprecated_endpoint"));

    auto [s5, state] = call("GET", QStringLiteral("/_sim/state"), {}, {});
    EXPECT_EQ(s5, 200);
    EXPECT_EQ(state.value(QStringLiteral("hosts")).toArray().size(), 40);

    sim.terminate();
    EXPECT_TRUE(sim.waitForFinished(10000));
    EXPECT_EQ(sim.exitCode(), 0);
}
