// The local REST API end to end: a real gpufailoverd process (demo mode: simulated Vast.ai with
// real sshd hosts behind it), real HTTP, the CLI as users run it.
#include "sim/s3testserver.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

QString bin(const char *name)
{
    return QStringLiteral(GPF_BIN_DIR "/") + QString::fromLatin1(name);
}

struct Http
{
    int status = 0;
    QJsonObject json;
    QByteArray raw;
};

// A strict parser of the Prometheus text format (0.0.4): every line must be a comment or a
// well-formed sample, TYPE before samples, histogram buckets cumulative and ending at +Inf.
QString checkPrometheus(const QByteArray &text, QHash<QString, double> *samples)
{
    static const QRegularExpression comment(QStringLiteral(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)"));
    static const QRegularExpression sample(QStringLiteral(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)\})? ([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|\+Inf|-Inf|NaN))$)"));
    QHash<QString, QString> types;
    QHash<QString, double> lastBucket;
    int lineNo = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        ++lineNo;
        const QString line = QString::fromUtf8(rawLine);
        if (line.isEmpty())
            continue;
        if (line.startsWith(u'#')) {
            const auto m = comment.match(line);
            if (!m.hasMatch())
                return QStringLiteral("line %1: bad comment: %2").arg(lineNo).arg(line);
            if (m.captured(1) == u"TYPE") {
                if (!QStringList { QStringLiteral("counter"), QStringLiteral("gauge"), QStringLiteral("histogram"),
                        QStringLiteral("summary"), QStringLiteral("untyped") }
                         .contains(m.captured(3)))
                    return QStringLiteral("line %1: bad type %2").arg(lineNo).arg(m.captured(3));
                types.insert(m.captured(2), m.captured(3));
            }
            continue;
        }
        const auto m = sample.match(line);
        if (!m.hasMatch())
            return QStringLiteral("line %1: not a sample: %2").arg(lineNo).arg(line);
        QString family = m.captured(1);
        for (const char *suffix : { "_bucket", "_sum", "_count" }) {
            if (family.endsWith(QString::fromLatin1(suffix))
                && types.value(family.chopped(int(qstrlen(suffix)))) == u"histogram")
                family.chop(int(qstrlen(suffix)));
        }
        if (!types.contains(family))
            return QStringLiteral("line %1: sample of %2 before its TYPE").arg(lineNo).arg(family);
        const double value = m.captured(4) == u"+Inf" ? qInf() : m.captured(4).toDouble();
        if (m.captured(1).endsWith(QLatin1StringView("_bucket"))) {
            QString series = m.captured(3);
            series.remove(QRegularExpression(QStringLiteral(R"(,?le="[^"]*")")));
            const QString key = family + u'{' + series + u'}';
            if (lastBucket.contains(key) && value < lastBucket.value(key))
                return QStringLiteral("line %1: histogram buckets are not cumulative").arg(lineNo);
            lastBucket.insert(key, value);
        }
        samples->insert(m.captured(1) + m.captured(2), value);
    }
    return {};
}

class ApiTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    QProcess daemon;
    int port = 0;
    QByteArray token;
    QNetworkAccessManager nam;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        QString out;
        port = test::startDemoDaemon(
            daemon, dir.filePath(QStringLiteral("config")), dir.filePath(QStringLiteral("data")), &out);
        ASSERT_GT(port, 0) << out.toStdString();
        token = test::readAll(dir.filePath(QStringLiteral("config/api-token"))).trimmed();
        ASSERT_GE(token.size(), 32);
        EXPECT_EQ(QFile(dir.filePath(QStringLiteral("config/api-token"))).permissions() & 0x0077, 0)
            << "token file readable by others";
        ASSERT_TRUE(test::waitUntil(
            [&] {
                return call("GET", "/api/warmpool/status").json.value(QStringLiteral("state")).toString() == u"active";
            },
            60000));
    }

    void TearDown() override
    {
        if (daemon.state() == QProcess::Running) {
            daemon.terminate();
            daemon.waitForFinished(20000);
        }
    }

    Http call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
        QList<QPair<QByteArray, QByteArray>> headers = {}, bool withToken = true)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port) + QString::fromLatin1(path)));
        if (withToken)
            req.setRawHeader("Authorization", "Bearer " + token);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &h : headers)
            req.setRawHeader(h.first, h.second);
        QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
        test::waitUntil([&] { return reply->isFinished(); }, 30000);
        Http h;
        h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        h.raw = reply->readAll();
        h.json = QJsonDocument::fromJson(h.raw).object();
        reply->deleteLater();
        return h;
    }

    QProcess::ExitStatus ctl(const QStringList &args, int *code, QString *out, const QString &configDir = {})
    {
        QProcess p;
        p.start(bin("gpufailoverctl"),
            QStringList { QStringLiteral("--config-dir"),
                configDir.isEmpty() ? dir.filePath(QStringLiteral("config")) : configDir }
                + args);
        p.waitForFinished(120000);
        *code = p.exitCode();
        *out = QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus();
    }

    qint64 newestEventId()
    {
        return qint64(call("GET", "/api/events?order=newest&limit=1")
                          .json.value(QStringLiteral("events"))
                          .toArray()
                          .first()
                          .toObject()
                          .value(QStringLiteral("id"))
                          .toDouble());
    }
};

} // namespace

TEST_F(ApiTest, EveryRouteAnswersAndADrillReallyFailsOver)
{
    EXPECT_EQ(call("GET", "/api/health", {}, {}, false).status, 200);

    const Http status = call("GET", "/api/warmpool/status");
    ASSERT_EQ(status.status, 200);
    for (const char *f : { "enabled", "state", "host_machine_id", "volume_id", "primary_gpu_id", "standby_gpu_id",
             "standby_state", "failover_count", "readiness" })
        EXPECT_TRUE(status.json.contains(QString::fromLatin1(f))) << f;
    EXPECT_EQ(status.json.value(QStringLiteral("host_machine_id")).toInt(), 801);
    EXPECT_EQ(status.json.value(QStringLiteral("standby_state")).toString(), QStringLiteral("stopped"));

    const Http pools = call("GET", "/api/pools");
    ASSERT_EQ(pools.json.value(QStringLiteral("pools")).toArray().size(), 1);

    const Http hosts = call("GET", "/api/warmpool/hosts?gpu_name=RTX%204090");
    ASSERT_EQ(hosts.status, 200) << hosts.raw.toStdString();
    ASSERT_FALSE(hosts.json.value(QStringLiteral("hosts")).toArray().isEmpty());
    EXPECT_EQ(hosts.json.value(QStringLiteral("hosts"))
                  .toArray()
                  .first()
                  .toObject()
                  .value(QStringLiteral("gpu_name"))
                  .toString(),
        QStringLiteral("RTX 4090"));

    const Http page1 = call("GET", "/api/events?limit=3");
    ASSERT_EQ(page1.json.value(QStringLiteral("events")).toArray().size(), 3);
    const qint64 next = qint64(page1.json.value(QStringLiteral("next_after")).toDouble());
    const Http page2 = call("GET", QByteArray("/api/events?limit=3&after=") + QByteArray::number(next));
    ASSERT_FALSE(page2.json.value(QStringLiteral("events")).toArray().isEmpty());
    EXPECT_GT(
        page2.json.value(QStringLiteral("events")).toArray().first().toObject().value(QStringLiteral("id")).toDouble(),
        double(next));
    const Http states = call("GET", "/api/events?kind=pool_state&pool=demo");
    for (const QJsonValue &e : states.json.value(QStringLiteral("events")).toArray())
        EXPECT_EQ(e.toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("pool_state"));

    ASSERT_EQ(
        call("PUT", "/api/settings", R"({"health/intervalS": 7, "warmPool/preferredGpus": ["H100 SXM"]})").status, 200);
    const QJsonObject settings = call("GET", "/api/settings").json.value(QStringLiteral("settings")).toObject();
    EXPECT_EQ(settings.value(QStringLiteral("health/intervalS")).toObject().value(QStringLiteral("value")).toInt(), 7);
    EXPECT_EQ(settings.value(QStringLiteral("health/intervalS")).toObject().value(QStringLiteral("source")).toString(),
        QStringLiteral("file"));
    // Applied to the running pool at once, and journaled.
    const QJsonArray configs = call("GET", "/api/events?kind=pool_config&pool=demo&order=newest&limit=1")
                                   .json.value(QStringLiteral("events"))
                                   .toArray();
    ASSERT_EQ(configs.size(), 1);
    EXPECT_EQ(configs.first()
                  .toObject()
                  .value(QStringLiteral("data"))
                  .toObject()
                  .value(QStringLiteral("health_interval_ms"))
                  .toInt(),
        7000);

    EXPECT_EQ(
        call("POST", "/api/pools/demo/pause").json.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    EXPECT_EQ(call("POST", "/api/pools/demo/resume").json.value(QStringLiteral("state")).toString(),
        QStringLiteral("active"));

    const qint64 primary = qint64(status.json.value(QStringLiteral("primary_gpu_id")).toDouble());
    const Http drill = call("POST", "/api/warmpool/failover/test");
    ASSERT_EQ(drill.status, 202) << drill.raw.toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const QJsonObject s = call("GET", "/api/warmpool/status").json;
            return s.value(QStringLiteral("failover_count")).toInt() == 1
                && s.value(QStringLiteral("state")).toString() == u"active";
        },
        60000));
    const QJsonObject after = call("GET", "/api/warmpool/status").json;
    EXPECT_NE(qint64(after.value(QStringLiteral("primary_gpu_id")).toDouble()), primary);
    EXPECT_EQ(after.value(QStringLiteral("generation")).toInt(), 2);
    EXPECT_TRUE(after.value(QStringLiteral("last_failover")).toObject().value(QStringLiteral("ok")).toBool());

    const Http metrics = call("GET", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    QHash<QString, double> samples;
    const QString bad = checkPrometheus(metrics.raw, &samples);
    ASSERT_TRUE(bad.isEmpty()) << bad.toStdString() << "\n" << metrics.raw.toStdString();
    EXPECT_EQ(samples.value(QStringLiteral("gpufailover_failovers_total{pool=\"demo\",outcome=\"ok\"}")), 1);
    EXPECT_EQ(samples.value(QStringLiteral("gpufailover_recovery_seconds_count{pool=\"demo\"}")), 1);
    EXPECT_EQ(samples.value(QStringLiteral("gpufailover_generation{pool=\"demo\"}")), 2);
    EXPECT_EQ(samples.value(QStringLiteral("gpufailover_pool_state{pool=\"demo\",state=\"active\"}")), 1);

    // Every probe's time, the failed ones too (a probe p99 comes from here), once the
    // new primary's health rounds have begun.
    QHash<QString, double> probes;
    EXPECT_TRUE(test::waitUntil(
        [&] {
            probes.clear();
            return checkPrometheus(call("GET", "/metrics").raw, &probes).isEmpty()
                && probes.value(QStringLiteral("gpufailover_probe_seconds_count{pool=\"demo\"}")) > 0;
        },
        30000));
    EXPECT_EQ(probes.value(QStringLiteral("gpufailover_probe_seconds_bucket{pool=\"demo\",le=\"+Inf\"}")),
        probes.value(QStringLiteral("gpufailover_probe_seconds_count{pool=\"demo\"}")));

    // Mutating calls are journaled with their caller.
    bool journaled = false;
    for (const QJsonValue &e :
        call("GET", "/api/events?kind=api_call&limit=100").json.value(QStringLiteral("events")).toArray())
        journaled = journaled
            || (e.toObject().value(QStringLiteral("data")).toObject().value(QStringLiteral("path")).toString()
                    == u"/api/warmpool/failover/test"
                && e.toObject().value(QStringLiteral("actor")).toString().startsWith(QStringLiteral("api:")));
    EXPECT_TRUE(journaled);

    // Off, the warm pool keeps watching its primary (the next tier takes a failure) and says so.
    const QJsonObject off = call("POST", "/api/warmpool/disable").json;
    EXPECT_FALSE(off.value(QStringLiteral("enabled")).toBool()) << QJsonDocument(off).toJson().toStdString();
    EXPECT_EQ(off.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    EXPECT_TRUE(test::waitUntil([&] {
        const QJsonObject s = call("GET", "/api/warmpool/status").json;
        return s.value(QStringLiteral("readiness")).toString() == u"amber"
            && s.value(QStringLiteral("readiness_reason")).toString().contains(u"warm pool is off");
    }));
    EXPECT_EQ(call("POST", "/api/warmpool/enable").json.value(QStringLiteral("enabled")).toBool(), true);
    EXPECT_TRUE(test::waitUntil([&] {
        return call("GET", "/api/warmpool/status").json.value(QStringLiteral("readiness")).toString() != u"amber";
    }));
}

TEST_F(ApiTest, SnapshotsAreShownTakenAndDrilledOnDemand)
{
    QString why;
    if (!S3TestServer::supported(&why))
        GTEST_SKIP() << why.toStdString();
    const Http first = call("GET", "/api/pools/demo/snapshots");
    ASSERT_EQ(first.status, 200) << first.raw.toStdString();
    const int takenBefore = first.json.value(QStringLiteral("snapshots_taken")).toInt(-1);
    ASSERT_GE(takenBefore, 0);
    EXPECT_TRUE(first.json.value(QStringLiteral("history")).isArray());
    const auto accepted = [&](const QByteArray &what) {
        // 409 while a scheduled snapshot runs: asked again until it is taken on.
        return test::waitUntil([&] { return call("POST", "/api/pools/demo/snapshots/" + what).status == 202; }, 60000);
    };
    ASSERT_TRUE(accepted("take"));
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const QJsonObject s = call("GET", "/api/pools/demo/snapshots").json;
            return s.value(QStringLiteral("snapshots_taken")).toInt() > takenBefore
                && s.value(QStringLiteral("repository_bytes")).toDouble() > 0
                && !s.value(QStringLiteral("busy")).toBool();
        },
        120000));
    ASSERT_TRUE(accepted("drill"));
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return !call("GET", "/api/warmpool/status")
                        .json.value(QStringLiteral("snapshots"))
                        .toObject()
                        .value(QStringLiteral("verified_snapshot_id"))
                        .toString()
                        .isEmpty();
        },
        120000));
    const QJsonObject snapshots
        = call("GET", "/api/warmpool/status").json.value(QStringLiteral("snapshots")).toObject();
    EXPECT_GE(snapshots.value(QStringLiteral("last_verified_age_s")).toDouble(-1), 0);
    EXPECT_FALSE(snapshots.value(QStringLiteral("last_verified_restore_point")).toString().isEmpty());
    EXPECT_GT(snapshots.value(QStringLiteral("bytes_uploaded_total")).toDouble(), 0);

    QHash<QString, double> samples;
    const Http metrics = call("GET", "/metrics");
    ASSERT_TRUE(checkPrometheus(metrics.raw, &samples).isEmpty()) << metrics.raw.toStdString();
    EXPECT_GE(samples.value(QStringLiteral("gpufailover_restore_point_age_seconds{pool=\"demo\"}"), -1), 0);
    EXPECT_GT(samples.value(QStringLiteral("gpufailover_snapshot_repository_bytes{pool=\"demo\"}")), 0);
    EXPECT_GT(samples.value(QStringLiteral("gpufailover_snapshots_total{pool=\"demo\"}")), takenBefore);

    int code = -1;
    QString out;
    ctl({ QStringLiteral("snapshots"), QStringLiteral("demo") }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(snapshots.value(QStringLiteral("verified_snapshot_id")).toString())) << out.toStdString();
    ctl({ QStringLiteral("snapshots"), QStringLiteral("demo"), QStringLiteral("explode") }, &code, &out);
    EXPECT_EQ(code, 2) << out.toStdString();
    ctl({ QStringLiteral("snapshots"), QStringLiteral("nope") }, &code, &out);
    EXPECT_EQ(code, 5) << out.toStdString();

    EXPECT_EQ(call("GET", "/api/pools/nope/snapshots").status, 404);
    EXPECT_EQ(call("POST", "/api/pools/demo/snapshots/take", R"({"now": true})").status, 400);
}

TEST_F(ApiTest, TheCpuStandbyIsReportedWithItsLossWindow)
{
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const QJsonObject cpu
                = call("GET", "/api/warmpool/status").json.value(QStringLiteral("cpu_standby")).toObject();
            return cpu.value(QStringLiteral("state")).toString() == u"standby" && cpu.contains(QStringLiteral("copy"));
        },
        120000));
    const QJsonObject status = call("GET", "/api/warmpool/status").json;
    EXPECT_EQ(status.value(QStringLiteral("active_target")).toString(), QStringLiteral("gpu"));
    const QJsonObject cpu = status.value(QStringLiteral("cpu_standby")).toObject();
    EXPECT_FALSE(cpu.value(QStringLiteral("vm")).toString().isEmpty());
    EXPECT_GE(cpu.value(QStringLiteral("loss_window_s")).toDouble(-1), 0);
    EXPECT_GE(cpu.value(QStringLiteral("syncs_completed")).toInt(), 1);
    EXPECT_EQ(cpu.value(QStringLiteral("copy")).toObject().value(QStringLiteral("generation")).toInt(),
        status.value(QStringLiteral("generation")).toInt());
    QHash<QString, double> samples;
    const Http metrics = call("GET", "/metrics");
    ASSERT_TRUE(checkPrometheus(metrics.raw, &samples).isEmpty()) << metrics.raw.toStdString();
    EXPECT_GE(samples.value(QStringLiteral("gpufailover_loss_window_seconds{pool=\"demo\"}"), -1), 0);
    EXPECT_EQ(samples.value(QStringLiteral("gpufailover_cpu_standby_active{pool=\"demo\"}"), -1), 0);
    EXPECT_GE(samples.value(QStringLiteral("gpufailover_cpu_syncs_total{pool=\"demo\",outcome=\"ok\"}")), 1);
}

TEST_F(ApiTest, CostsComeFromTheProvidersPricesAndAgreeWithTheMetrics)
{
    QJsonObject pool;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const Http costs = call("GET", "/api/costs");
            pool = costs.json.value(QStringLiteral("pools")).toArray().first().toObject();
            const QJsonObject rates = pool.value(QStringLiteral("rate_components")).toObject();
            return costs.status == 200 && rates.value(QStringLiteral("gpu_primary")).toDouble() > 0
                && rates.value(QStringLiteral("cpu_vm")).toDouble() > 0;
        },
        60000))
        << QJsonDocument(pool).toJson().toStdString();
    const QJsonObject rates = pool.value(QStringLiteral("rate_components")).toObject();
    // The primary runs at the instance's dph_total; the standby is stopped, so only its storage.
    const double primary = rates.value(QStringLiteral("gpu_primary")).toDouble();
    EXPECT_GE(primary, 0.35) << "machine 801 rents its GPUs at $0.35/h";
    EXPECT_LT(primary, 0.5);
    EXPECT_LT(rates.value(QStringLiteral("gpu_standby")).toDouble(), primary / 10);
    // The pool's volume at its host's storage price: cents a day, not nothing.
    EXPECT_GT(rates.value(QStringLiteral("volume")).toDouble(), 0);
    EXPECT_LT(rates.value(QStringLiteral("volume")).toDouble(), primary / 10);
    EXPECT_DOUBLE_EQ(rates.value(QStringLiteral("cpu_vm")).toDouble(), 0.020106) << "e2-medium Spot list price";
    double sum = 0;
    for (const QJsonValue &v : rates)
        sum += v.toDouble();
    EXPECT_NEAR(pool.value(QStringLiteral("rate_per_hour")).toDouble(), sum, 1e-9);
    EXPECT_GE(pool.value(QStringLiteral("month_to_date")).toDouble(), 0);
    EXPECT_GE(pool.value(QStringLiteral("forecast_month")).toDouble(),
        pool.value(QStringLiteral("month_to_date")).toDouble());
    // The original design's comparison, from these live prices.
    const QJsonObject cmp = call("GET", "/api/costs?idle_fraction=0.57")
                                .json.value(QStringLiteral("pools"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QStringLiteral("comparison"))
                                .toObject();
    EXPECT_NEAR(cmp.value(QStringLiteral("gpu_monthly")).toDouble(), primary * 720, 1e-6);
    EXPECT_NEAR(cmp.value(QStringLiteral("warm_pool_monthly")).toDouble(),
        rates.value(QStringLiteral("gpu_standby")).toDouble() * 720, 1e-6);
    EXPECT_GT(cmp.value(QStringLiteral("cpu_standby_monthly")).toDouble(), 720 * 0.020106);
    EXPECT_GT(cmp.value(QStringLiteral("hibernation_savings")).toDouble(), 0.5 * primary * 720);
    EXPECT_EQ(call("GET", "/api/costs?idle_fraction=2").status, 400);
    // The account's credit (the simulator starts every account with $250), and how long it lasts.
    const QJsonObject credit = call("GET", "/api/costs").json.value(QStringLiteral("vast_credit")).toObject();
    EXPECT_GT(credit.value(QStringLiteral("balance")).toDouble(), 0);
    EXPECT_GT(credit.value(QStringLiteral("hours_left")).toDouble(), 0);

    QHash<QString, double> samples;
    const Http metrics = call("GET", "/metrics");
    ASSERT_TRUE(checkPrometheus(metrics.raw, &samples).isEmpty()) << metrics.raw.toStdString();
    EXPECT_NEAR(
        samples.value(QStringLiteral("gpufailover_cost_dollars_per_hour{pool=\"demo\",component=\"gpu_primary\"}")),
        primary, 1e-6);
    const QJsonObject again
        = call("GET", "/api/costs").json.value(QStringLiteral("pools")).toArray().first().toObject();
    EXPECT_NEAR(samples.value(QStringLiteral("gpufailover_cost_forecast_month_dollars{pool=\"demo\"}")),
        again.value(QStringLiteral("forecast_month")).toDouble(), 0.01);
}

TEST_F(ApiTest, APoolHibernatesAndWakesThroughTheApiAndTheCli)
{
    // The CPU standby must hold a copy first: hibernation copies the newest data away before the stop.
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return call("GET", "/api/warmpool/status")
                .json.value(QStringLiteral("cpu_standby"))
                .toObject()
                .contains(QStringLiteral("copy"));
        },
        120000));
    const qint64 primary
        = qint64(call("GET", "/api/warmpool/status").json.value(QStringLiteral("primary_gpu_id")).toDouble());
    int code = -1;
    QString out;
    ctl({ QStringLiteral("hibernate"), QStringLiteral("demo") }, &code, &out);
    ASSERT_EQ(code, 0) << out.toStdString();
    const QJsonObject asleep = call("GET", "/api/warmpool/status").json;
    EXPECT_EQ(asleep.value(QStringLiteral("state")).toString(), QStringLiteral("hibernated"));
    EXPECT_EQ(asleep.value(QStringLiteral("active_target")).toString(), QStringLiteral("none"));
    EXPECT_EQ(call("POST", "/api/pools/demo/hibernate").status, 409) << "already asleep";

    const Http woken = call("POST", "/api/pools/demo/wake");
    ASSERT_EQ(woken.status, 200) << woken.raw.toStdString();
    EXPECT_EQ(woken.json.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    EXPECT_EQ(qint64(woken.json.value(QStringLiteral("primary_gpu_id")).toDouble()), primary);
    EXPECT_EQ(call("POST", "/api/pools/demo/wake").status, 409) << "already awake";

    ctl({ QStringLiteral("costs") }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("demo"))) << out.toStdString();
}

TEST_F(ApiTest, AnOverallBudgetAlertsOnceAtEachThreshold)
{
    ASSERT_EQ(call("PUT", "/api/settings", R"({"budget/monthlyCents": 0})").status, 200);
    const auto alerts = [&] {
        QList<int> thresholds;
        for (const QJsonValue &e :
            call("GET", "/api/events?kind=budget_alert&limit=100").json.value(QStringLiteral("events")).toArray())
            thresholds
                << e.toObject().value(QStringLiteral("data")).toObject().value(QStringLiteral("threshold")).toInt();
        return thresholds;
    };
    EXPECT_TRUE(alerts().isEmpty()) << "no budget, no alert";
    // Three cents for all pools: the demo spends ~$0.38/h, so about 5 simulated minutes (15 s at x20).
    ASSERT_EQ(call("PUT", "/api/settings", R"({"budget/monthlyCents": 3})").status, 200);
    ASSERT_TRUE(test::waitUntil([&] { return alerts().size() >= 2; }, 120000))
        << call("GET", "/api/costs").raw.toStdString();
    EXPECT_EQ(alerts(), (QList<int> { 80, 100 }));
    // More samples over the budget: the same two alerts, no storm.
    const double spent = call("GET", "/api/costs").json.value(QStringLiteral("month_to_date")).toDouble();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return call("GET", "/api/costs").json.value(QStringLiteral("month_to_date")).toDouble() > spent + 0.005;
        },
        60000));
    EXPECT_EQ(alerts().size(), 2);
    // A pool's own budget and hibernation settings are part of its strictly checked configuration.
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "b", "monthly_budget_usd": "ten"})").status, 400);
}

TEST_F(ApiTest, BadRequestsAreRefusedClearlyAndChangeNothing)
{
    const qint64 before = newestEventId();
    const QJsonObject statusBefore = call("GET", "/api/warmpool/status").json;
    struct Case
    {
        QByteArray method, path, body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool withToken;
        int status;
        const char *error;
    };
    const QByteArray huge = "{\"x\":\"" + QByteArray(10 * 1024 * 1024, 'a') + "\"}";
    const Case cases[] = {
        { "GET", "/api/warmpool/status", {}, {}, false, 401, "unauthorized" },
        { "GET", "/api/warmpool/status", {}, { { "Authorization", "Bearer not-the-token-0123456789abcdef0123" } },
            false, 401, "unauthorized" },
        { "GET", "/api/warmpool/status", {}, { { "Host", "evil.example:80" } }, true, 421, "host_not_allowed" },
        { "POST", "/api/warmpool/provision", "{\"machine_id\": 802,", {}, true, 400, "malformed_json" },
        { "POST", "/api/warmpool/provision", "[1, 2]", {}, true, 400, "malformed_json" },
        { "POST", "/api/warmpool/provision", R"({"machine_id": "802"})", {}, true, 400, "invalid_body" },
        { "POST", "/api/warmpool/provision", R"({"machine_id": 802, "rm_rf": true})", {}, true, 400, "invalid_body" },
        { "POST", "/api/warmpool/provision", R"({"gpu_name": "RTX 4090"})", {}, true, 400, "invalid_body" },
        { "POST", "/api/warmpool/provision", R"({"machine_id": -3})", {}, true, 400, "invalid_body" },
        { "POST", "/api/warmpool/provision", huge, {}, true, 413, "body_too_large" },
        { "POST", "/api/warmpool/enable", R"({"force": true})", {}, true, 400, "invalid_body" },
        { "PUT", "/api/settings", R"({"health/intervalS": 0})", {}, true, 400, "out_of_range" },
        { "PUT", "/api/settings", R"({"health/intervalS": "fast"})", {}, true, 400, "invalid_type" },
        { "PUT", "/api/settings", R"({"no/such": 1})", {}, true, 400, "unknown_setting" },
        { "GET", "/api/events?limit=100000", {}, {}, true, 400, "invalid_query" },
        { "GET", "/api/../../etc/passwd", {}, {}, true, 404, nullptr },
        { "GET", "/api/pools/..%2F..%2Fetc/pause", {}, {}, true, 0, nullptr },
        { "DELETE", "/api/warmpool/status", {}, {}, true, 405, "method_not_allowed" },
        { "POST", "/api/pools/nope/pause", {}, {}, true, 404, "no_pool" },
        { "POST", "/api/pools/demo/explode", {}, {}, true, 404, "not_found" },
    };
    for (const Case &c : cases) {
        const Http r = call(c.method, c.path, c.body, c.headers, c.withToken);
        if (c.status)
            EXPECT_EQ(r.status, c.status) << c.method.toStdString() << ' ' << c.path.left(60).toStdString() << ": "
                                          << r.raw.left(200).toStdString();
        else
            EXPECT_TRUE(r.status >= 400 && r.status < 500) << c.path.toStdString() << ' ' << r.status;
        if (c.error) {
            EXPECT_EQ(r.json.value(QStringLiteral("error")).toString(), QString::fromLatin1(c.error))
                << c.path.left(60).toStdString();
            EXPECT_FALSE(r.json.value(QStringLiteral("message")).toString().isEmpty()) << "a clear message";
        }
    }
    // Provisioning an active pool is a conflict, not a second pool on top of the first; the answer
    // names what the pool still rents.
    const Http again = call("POST", "/api/warmpool/provision", R"({"machine_id": 802})");
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.json.value(QStringLiteral("error")).toString(), QStringLiteral("rented"));
    EXPECT_TRUE(again.json.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("primary %1")
                                  .arg(qint64(statusBefore.value(QStringLiteral("primary_gpu_id")).toDouble()))))
        << again.raw.toStdString();

    // Nothing changed: no state, record, automation or settings change in the journal since.
    const Http events = call("GET", QByteArray("/api/events?limit=1000&after=") + QByteArray::number(before));
    for (const QJsonValue &v : events.json.value(QStringLiteral("events")).toArray()) {
        const QString kind = v.toObject().value(QStringLiteral("kind")).toString();
        EXPECT_FALSE(kind == u"pool_state" || kind == u"pool_record" || kind == u"automation" || kind == u"failover")
            << kind.toStdString();
    }
    const QJsonObject statusAfter = call("GET", "/api/warmpool/status").json;
    EXPECT_EQ(
        statusAfter.value(QStringLiteral("primary_gpu_id")), statusBefore.value(QStringLiteral("primary_gpu_id")));
    EXPECT_EQ(statusAfter.value(QStringLiteral("state")), statusBefore.value(QStringLiteral("state")));
    EXPECT_EQ(call("GET", "/api/settings")
                  .json.value(QStringLiteral("settings"))
                  .toObject()
                  .value(QStringLiteral("health/intervalS"))
                  .toObject()
                  .value(QStringLiteral("value")),
        10);
}

TEST_F(ApiTest, TheCliSpeaksToTheDaemonWithMeaningfulExitCodes)
{
    int code = -1;
    QString out;
    ctl({ QStringLiteral("status") }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("state              active"))) << out.toStdString();

    ctl({ QStringLiteral("--json"), QStringLiteral("status") }, &code, &out);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(QJsonDocument::fromJson(out.toUtf8()).object().value(QStringLiteral("state")).toString(),
        QStringLiteral("active"));

    ctl({ QStringLiteral("hosts"), QStringLiteral("--gpu"), QStringLiteral("RTX 4090") }, &code, &out);
    EXPECT_EQ(code, 0);
    EXPECT_TRUE(out.contains(QStringLiteral("802"))) << out.toStdString();

    ctl({ QStringLiteral("settings"), QStringLiteral("health/failureThreshold=4") }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    ctl({ QStringLiteral("settings"), QStringLiteral("health/failureThreshold=0") }, &code, &out);
    EXPECT_EQ(code, 5) << out.toStdString();

    ctl({ QStringLiteral("drill"), QStringLiteral("--wait") }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("drill succeeded"))) << out.toStdString();

    ctl({ QStringLiteral("events"), QStringLiteral("--kind"), QStringLiteral("failover"), QStringLiteral("--limit"),
            QStringLiteral("5") },
        &code, &out);
    EXPECT_EQ(code, 0);
    EXPECT_TRUE(out.contains(QStringLiteral("failover"))) << out.toStdString();

    ctl({ QStringLiteral("metrics") }, &code, &out);
    EXPECT_EQ(code, 0);
    EXPECT_TRUE(out.contains(QStringLiteral("gpufailover_failovers_total{pool=\"demo\",outcome=\"ok\"} 1")));

    // Pools from a file, destroyed in two confirmed steps.
    QFile config(dir.filePath(QStringLiteral("cli-pool.json")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(
        R"({"id": "cli", "gpu_names": ["RTX 4090"], "min_gpus": 2, "volume_size_gb": 10, "image": "pytorch/pytorch"})");
    config.close();
    ctl({ QStringLiteral("pool-create"), config.fileName() }, &code, &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    ctl({ QStringLiteral("pool-destroy"), QStringLiteral("cli") }, &code, &out);
    EXPECT_EQ(code, 5);
    const QString confirmToken = QRegularExpression(QStringLiteral("--confirm (\\S+)")).match(out).captured(1);
    ASSERT_FALSE(confirmToken.isEmpty()) << out.toStdString();
    ctl({ QStringLiteral("pool-destroy"), QStringLiteral("cli"), QStringLiteral("--confirm"), confirmToken }, &code,
        &out);
    EXPECT_EQ(code, 0) << out.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("pool cli destroyed")));

    QTemporaryDir empty;
    ctl({ QStringLiteral("--api-port"), QString::number(port), QStringLiteral("status") }, &code, &out, empty.path());
    EXPECT_EQ(code, 4) << out.toStdString(); // no token there
    ctl({ QStringLiteral("--api-port"), QStringLiteral("1"), QStringLiteral("status") }, &code, &out);
    EXPECT_EQ(code, 3); // nobody listens
    ctl({ QStringLiteral("frobnicate") }, &code, &out);
    EXPECT_EQ(code, 2);

    // One engine per set of pools: a second daemon on the same data dir refuses to start.
    QProcess second;
    second.start(bin("gpufailover-lab"),
        { QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--config-dir"),
            dir.filePath(QStringLiteral("config2")), QStringLiteral("--data-dir"),
            dir.filePath(QStringLiteral("data")) });
    ASSERT_TRUE(second.waitForFinished(30000));
    EXPECT_EQ(second.exitCode(), 4);
    EXPECT_TRUE(second.readAllStandardError().contains("another engine"));
}

TEST_F(ApiTest, PoolsAreCreatedFromAConfigAndDestroyedOnlyWithConfirmation)
{
    // A second pool on the other 4-GPU machine, from a configuration.
    const Http created = call("POST", "/api/pools",
        R"({"id": "second", "gpu_names": ["RTX 4090"], "min_gpus": 2, "volume_size_gb": 20, "image": "pytorch/pytorch",
                                  "health_interval_ms": 10000, "failure_threshold": 3, "probe_timeout_ms": 5000})");
    ASSERT_EQ(created.status, 201) << created.raw.toStdString();
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "second"})").status, 409); // exists
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "x y"})").status, 400); // bad id
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "z", "min_gpus": "two"})").status, 400); // wrong type
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "z", "gpu_names": [1]})").status, 400); // wrong item type
    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "z", "rm": true})").status, 400); // unknown field
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return call("GET", "/api/warmpool/status?pool=second").json.value(QStringLiteral("state")).toString()
                == u"active";
        },
        60000));
    const QJsonObject second = call("GET", "/api/warmpool/status?pool=second").json;
    EXPECT_EQ(second.value(QStringLiteral("host_machine_id")).toInt(), 802); // 801 is taken by the demo pool
    EXPECT_EQ(call("GET", "/api/pools").json.value(QStringLiteral("pools")).toArray().size(), 2);
    EXPECT_TRUE(QFile::exists(dir.filePath(QStringLiteral("config/pools/second.json"))));

    // A pool whose name starts with this one's, on the same machine: destroying "second" finds
    // its instances by label at the provider, and must not take "second-b"'s.
    ASSERT_EQ(call("POST", "/api/pools",
                  R"({"id": "second-b", "gpu_names": ["RTX 4090"], "min_gpus": 2, "volume_size_gb": 20,
                      "health_interval_ms": 10000, "failure_threshold": 3, "probe_timeout_ms": 5000})")
                  .status,
        201);
    QJsonObject neighbour;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            neighbour = call("GET", "/api/warmpool/status?pool=second-b").json;
            return neighbour.value(QStringLiteral("state")).toString() == u"active";
        },
        60000))
        << QJsonDocument(neighbour).toJson().toStdString();
    ASSERT_EQ(neighbour.value(QStringLiteral("host_machine_id")).toInt(), 802);

    // Destroying takes two steps; a wrong or missing confirmation destroys nothing.
    const Http ask = call("DELETE", "/api/pools/second");
    ASSERT_EQ(ask.status, 409);
    const QString confirm = ask.json.value(QStringLiteral("confirm")).toString();
    ASSERT_FALSE(confirm.isEmpty());
    EXPECT_TRUE(ask.json.value(QStringLiteral("message")).toString().contains(QStringLiteral("with its data")));
    EXPECT_EQ(call("DELETE", "/api/pools/second?confirm=wrong").status, 409);
    EXPECT_EQ(call("GET", "/api/warmpool/status?pool=second").status, 200);
    const QString fresh = call("DELETE", "/api/pools/second").json.value(QStringLiteral("confirm")).toString();
    const Http gone = call("DELETE", QByteArray("/api/pools/second?confirm=") + fresh.toLatin1());
    ASSERT_EQ(gone.status, 200) << gone.raw.toStdString();
    EXPECT_EQ(call("GET", "/api/warmpool/status?pool=second").status, 404);
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("config/pools/second.json"))));
    // Its instances and volume are gone from the provider; the demo pool and "second-b" are
    // untouched: on 802 only the running primary of "second-b" holds a GPU now (stopped standbys
    // hold none, as on Vast); had its neighbour's destroy taken it, all four would be free.
    const QJsonObject demo = call("GET", "/api/warmpool/status?pool=demo").json;
    EXPECT_EQ(demo.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    const QJsonObject still = call("GET", "/api/warmpool/status?pool=second-b").json;
    EXPECT_EQ(still.value(QStringLiteral("primary_gpu_id")), neighbour.value(QStringLiteral("primary_gpu_id")));
    const Http hosts = call("GET", "/api/warmpool/hosts?gpu_name=RTX%204090");
    bool machineFree = false;
    for (const QJsonValue &h : hosts.json.value(QStringLiteral("hosts")).toArray())
        machineFree = machineFree
            || (h.toObject().value(QStringLiteral("machine_id")).toInt() == 802
                && h.toObject().value(QStringLiteral("free_gpus")).toInt() == 3);
    EXPECT_TRUE(machineFree) << hosts.raw.toStdString();
}

TEST_F(ApiTest, CredentialsAreCheckedLiveSavedAndNeverGivenBack)
{
    const QByteArray vastKey = SimServer::kDefaultApiKey;
    const Http none = call("GET", "/api/credentials");
    ASSERT_EQ(none.status, 200) << none.raw.toStdString();
    EXPECT_FALSE(none.json.value(QStringLiteral("vast_api_key")).toObject().value(QStringLiteral("set")).toBool());

    // The wizard's live check asks the provider the engine uses.
    const Http wrong = call("POST", "/api/credentials/check", R"({"vast_api_key": "not-a-key-0000"})");
    EXPECT_EQ(wrong.status, 422) << wrong.raw.toStdString(); // 401 is for this API's own token
    EXPECT_EQ(wrong.json.value(QStringLiteral("error")).toString(), QStringLiteral("auth_error"));
    const Http right = call("POST", "/api/credentials/check", R"({"vast_api_key": ")" + vastKey + R"("})");
    ASSERT_EQ(right.status, 200) << right.raw.toStdString();
    EXPECT_TRUE(right.json.value(QStringLiteral("credit")).isDouble());
    EXPECT_FALSE(right.raw.contains(vastKey));

    // All or nothing checked before anything is saved: a bad service account saves nothing.
    EXPECT_EQ(call("PUT", "/api/credentials",
                  R"({"vast_api_key": ")" + vastKey + R"(", "gcp_service_account_json": "{\"type\": \"user\"}"})")
                  .status,
        400);
    EXPECT_EQ(call("PUT", "/api/credentials", R"({"vast_api_key": ""})").status, 400);
    EXPECT_EQ(call("PUT", "/api/credentials", R"({"password": "x"})").status, 400);
    EXPECT_FALSE(call("GET", "/api/credentials")
                     .json.value(QStringLiteral("vast_api_key"))
                     .toObject()
                     .value(QStringLiteral("set"))
                     .toBool());

    const QByteArray secret = "s3cr3t-Access-Key-9f8e7d6c5b4a";
    const Http saved = call("PUT", "/api/credentials",
        R"({"vast_api_key": ")" + vastKey
            + R"(", "snapshot_access_key_id": "AKIDEXAMPLE1234", "snapshot_secret_access_key": ")" + secret + R"("})");
    ASSERT_EQ(saved.status, 200) << saved.raw.toStdString();
    EXPECT_EQ(saved.json.value(QStringLiteral("saved")).toArray().size(), 3);
    const Http shown = call("GET", "/api/credentials");
    const QJsonObject vast = shown.json.value(QStringLiteral("vast_api_key")).toObject();
    EXPECT_TRUE(vast.value(QStringLiteral("set")).toBool());
    EXPECT_EQ(vast.value(QStringLiteral("hint")).toString(), u"…" + QString::fromLatin1(vastKey.right(4)));
    EXPECT_EQ(
        shown.json.value(QStringLiteral("snapshot_access_key_id")).toObject().value(QStringLiteral("hint")).toString(),
        QStringLiteral("…1234"));
    const QJsonObject secretShown = shown.json.value(QStringLiteral("snapshot_secret_access_key")).toObject();
    EXPECT_TRUE(secretShown.value(QStringLiteral("set")).toBool());
    EXPECT_FALSE(secretShown.contains(QStringLiteral("hint")));
    // Never given back, and never in the journal (the calls are journaled without their bodies).
    EXPECT_FALSE(shown.raw.contains(vastKey) || shown.raw.contains(secret));
    const Http events = call("GET", "/api/events?limit=1000");
    EXPECT_FALSE(events.raw.contains(secret) || events.raw.contains(vastKey));

    // The disaster-recovery path: the repository password from standard input, never argv.
    QProcess ctlSet;
    ctlSet.start(bin("gpufailoverctl"),
        { QStringLiteral("--config-dir"), dir.filePath(QStringLiteral("config")), QStringLiteral("credentials"),
            QStringLiteral("set"), QStringLiteral("snapshot_repository_password") });
    ASSERT_TRUE(ctlSet.waitForStarted());
    ctlSet.write("the-old-repository-password\n");
    ctlSet.closeWriteChannel();
    ASSERT_TRUE(ctlSet.waitForFinished(30000));
    EXPECT_EQ(ctlSet.exitCode(), 0) << ctlSet.readAllStandardError().toStdString();
    EXPECT_TRUE(ctlSet.readAllStandardOutput().contains("snapshot_repository_password"));
    int code = 0;
    QString out;
    ctl({ QStringLiteral("credentials") }, &code, &out);
    EXPECT_EQ(code, 0);
    EXPECT_TRUE(out.contains(QRegularExpression(QStringLiteral("snapshot_repository_password +set"))))
        << out.toStdString();
    EXPECT_FALSE(out.contains(u"the-old-repository-password"));
}

TEST_F(ApiTest, APoolIsProvisionedOnTheHostTheUserPicked)
{
    // Hosts for one GPU alone include the single-GPU machine; those for a warm pair do not.
    const auto machines = [&](const QByteArray &query) {
        QList<int> out;
        for (const QJsonValue &h :
            call("GET", "/api/warmpool/hosts" + query).json.value(QStringLiteral("hosts")).toArray())
            out << h.toObject().value(QStringLiteral("machine_id")).toInt();
        return out;
    };
    EXPECT_FALSE(machines("").contains(803));
    EXPECT_TRUE(machines("?min_free_gpus=1").contains(803));
    EXPECT_EQ(call("GET", "/api/warmpool/hosts?min_free_gpus=0").status, 400);
    const QJsonObject host
        = call("GET", "/api/warmpool/hosts").json.value(QStringLiteral("hosts")).toArray().first().toObject();
    EXPECT_GT(host.value(QStringLiteral("storage_cost_per_gb_month")).toDouble(), 0);

    EXPECT_EQ(call("POST", "/api/pools", R"({"id": "picked", "machine_id": -3})").status, 400);
    const Http created = call("POST", "/api/pools",
        R"({"id": "picked", "machine_id": 802, "gpu_names": ["RTX 4090"], "min_gpus": 2, "volume_size_gb": 20,
            "image": "pytorch/pytorch"})");
    ASSERT_EQ(created.status, 201) << created.raw.toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return call("GET", "/api/warmpool/status?pool=picked").json.value(QStringLiteral("state")).toString()
                == u"active";
        },
        60000));
    EXPECT_EQ(
        call("GET", "/api/warmpool/status?pool=picked").json.value(QStringLiteral("host_machine_id")).toInt(), 802);
    // It went straight to the machine: no search.
    const QJsonArray states
        = call("GET", "/api/events?kind=pool_state&pool=picked").json.value(QStringLiteral("events")).toArray();
    for (const QJsonValue &e : states)
        EXPECT_NE(e.toObject().value(QStringLiteral("data")).toObject().value(QStringLiteral("to")).toString(),
            QStringLiteral("searching"));
}

TEST_F(ApiTest, TheGrafanaDashboardAndTheAlertRulesNameOnlyMetricsTheApiExports)
{
    const Http metrics = call("GET", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    QSet<QString> families;
    for (const QByteArray &line : metrics.raw.split('\n'))
        if (line.startsWith("# TYPE "))
            families.insert(QString::fromLatin1(line.split(' ').value(2)));
    ASSERT_GT(families.size(), 10);
    const QRegularExpression metric(QStringLiteral("gpufailover_[a-z_]+"));
    const auto referenced = [&](const QString &text) {
        QSet<QString> names;
        for (auto it = metric.globalMatch(text); it.hasNext();) {
            QString name = it.next().captured();
            // A histogram's series are named after its family.
            for (const char *suffix : { "_bucket", "_sum", "_count" })
                if (name.endsWith(QLatin1StringView(suffix)) && families.contains(name.chopped(int(strlen(suffix)))))
                    name.chop(int(strlen(suffix)));
            names.insert(name);
        }
        return names;
    };

    // The dashboard loads as JSON, and every query names an exported metric.
    QJsonParseError error {};
    const QJsonDocument dashboard = QJsonDocument::fromJson(
        test::readAll(QStringLiteral(GPF_TESTS_DIR "/../packaging/grafana-dashboard.json")), &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    QString queries;
    for (const QJsonValue &p : dashboard.object().value(QStringLiteral("panels")).toArray())
        for (const QJsonValue &t : p.toObject().value(QStringLiteral("targets")).toArray())
            queries += t.toObject().value(QStringLiteral("expr")).toString() + u'\n';
    const QSet<QString> inDashboard = referenced(queries);
    EXPECT_GE(inDashboard.size(), 15);
    for (const QString &name : inDashboard)
        EXPECT_TRUE(families.contains(name))
            << "the dashboard names " << name.toStdString() << ", which /metrics lacks";
    // And the alert rules.
    const QSet<QString> inRules = referenced(
        QString::fromUtf8(test::readAll(QStringLiteral(GPF_TESTS_DIR "/../packaging/prometheus-alerts.yml"))));
    EXPECT_GE(inRules.size(), 7);
    for (const QString &name : inRules)
        EXPECT_TRUE(families.contains(name))
            << "an alert rule names " << name.toStdString() << ", which /metrics lacks";
}

// A disabled pool still rents its pair: provisioning it would rent a second pair and overwrite the
// record, leaving the first billing with nothing watching it. Ids the pool lacks are null.
TEST_F(ApiTest, ProvisioningActsOnlyOnAPoolThatRentsNothing)
{
    const QJsonObject active = call("GET", "/api/warmpool/status").json;
    EXPECT_EQ(active.value(QStringLiteral("standby_state")).toString(), QStringLiteral("stopped"));
    ASSERT_EQ(call("POST", "/api/warmpool/disable").status, 200);
    const qint64 before = newestEventId();
    const Http refused = call("POST", "/api/warmpool/provision", R"({"machine_id": 802})");
    EXPECT_EQ(refused.status, 409) << refused.raw.toStdString();
    EXPECT_EQ(refused.json.value(QStringLiteral("error")).toString(), QStringLiteral("rented"));
    EXPECT_TRUE(refused.json.value(QStringLiteral("message")).toString().contains(QStringLiteral("standby")))
        << refused.raw.toStdString();
    const QJsonObject after = call("GET", "/api/warmpool/status").json;
    for (const char *f : { "primary_gpu_id", "standby_gpu_id", "volume_id" })
        EXPECT_EQ(after.value(QString::fromLatin1(f)), active.value(QString::fromLatin1(f))) << f;
    // Nothing was rented: no provisioning began since.
    const Http events = call("GET", QByteArray("/api/events?limit=1000&after=") + QByteArray::number(before));
    for (const QJsonValue &v : events.json.value(QStringLiteral("events")).toArray())
        EXPECT_NE(v.toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("provision"))
            << QJsonDocument(v.toObject()).toJson().toStdString();

    // A new pool that has not found a host yet has no ids: null, not 0.
    ASSERT_EQ(call("POST", "/api/pools", R"({"id": "empty", "gpu_names": ["NO SUCH GPU"]})").status, 201);
    const QJsonObject empty = call("GET", "/api/warmpool/status?pool=empty").json;
    for (const char *f : { "host_machine_id", "volume_id", "primary_gpu_id", "standby_gpu_id", "standby_state" }) {
        ASSERT_TRUE(empty.contains(QString::fromLatin1(f))) << f;
        EXPECT_TRUE(empty.value(QString::fromLatin1(f)).isNull()) << f;
    }
    ASSERT_EQ(call("POST", "/api/warmpool/enable").status, 200);
}
