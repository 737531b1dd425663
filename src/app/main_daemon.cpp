// gpufailoverd: the engine headless, with the local REST API.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/scenariorunner.h"
#include "demo/soakrunner.h"
#include "engine/enginehost.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QSaveFile>

#include <cstdio>

using namespace gpufailover;

namespace {

// Each run starts from an empty directory: a scenario or a soak seed replays from nothing.
QString freshDir(const QString &dataDir, const QString &name)
{
    const QString dir = QDir(dataDir).filePath(name);
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    return dir;
}

int runScenario(const QString &name, const QString &reportPath, const CommonOptions &options, double timeScale)
{
    const QString dir = freshDir(options.dataDir, QStringLiteral("scenario-%1").arg(name));
    ScenarioOptions so;
    so.name = name;
    so.dir = dir;
    so.timeScale = timeScale;
    so.print = [](const QString &line) {
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    };
    std::printf("gpufailoverd %s: scenario %s\n", kVersion, qPrintable(name));
    const auto report = gpufailover::runScenario(so);
    if (!report) {
        std::fprintf(
            stderr, "gpufailoverd: scenario %s failed: %s\n", qPrintable(name), qPrintable(report.error().message));
        return 1;
    }
    const QByteArray json = QJsonDocument(*report).toJson(QJsonDocument::Indented);
    if (!reportPath.isEmpty()) {
        QSaveFile f(reportPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit()) {
            std::fprintf(stderr, "gpufailoverd: cannot write %s\n", qPrintable(reportPath));
            return 1;
        }
        std::printf("report written to %s\n", qPrintable(reportPath));
    } else {
        std::printf("%s", json.constData());
    }
    // The scenario ran; whether its promises held is the exit code.
    const bool clean = report->value(QStringLiteral("history_ok")).toBool();
    return clean ? 0 : 3;
}

// "1-200", "7", "3,9,12": the seeds of a soak.
QList<quint32> parseSeeds(const QString &text, QString *error)
{
    QList<quint32> seeds;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList range = part.split(u'-');
        bool ok1 = false, ok2 = true;
        const quint32 from = range.value(0).toUInt(&ok1);
        const quint32 to = range.size() == 2 ? range[1].toUInt(&ok2) : from;
        if (!ok1 || !ok2 || range.size() > 2 || to < from || to - from > 100000) {
            *error = QStringLiteral("--soak takes seeds like 1-200, 7 or 3,9,12");
            return {};
        }
        for (quint32 s = from; s <= to; ++s)
            seeds.append(s);
    }
    if (seeds.isEmpty())
        *error = QStringLiteral("--soak takes seeds like 1-200, 7 or 3,9,12");
    return seeds;
}

// Runs a soak seed after seed and prints a table and a summary; a failing seed is named with the
// command that replays it. Exit 0 when every seed kept its promises.
int runSoaks(
    const QList<quint32> &seeds, int faults, const QString &reportPath, const CommonOptions &options, double timeScale)
{
    std::printf("gpufailoverd %s: soak of %lld seed(s), %d faults each, time x%g\n", kVersion, qlonglong(seeds.size()),
        faults, timeScale);
    std::printf("%6s %-44s %9s %6s %6s %7s %5s %5s %7s\n", "seed", "faults", "failovers", "false", "missed", "acked",
        "lost", "2wr", "wall s");
    QJsonArray reports;
    QList<quint32> failed;
    int totalFaults = 0, totalFailovers = 0, totalFalse = 0, totalAcked = 0, totalLost = 0;
    QElapsedTimer wall;
    wall.start();
    for (const quint32 seed : seeds) {
        const QString dir = freshDir(options.dataDir, QStringLiteral("soak-%1").arg(seed));
        SoakOptions so;
        so.seed = seed;
        so.faults = faults;
        so.dir = dir;
        so.timeScale = timeScale;
        const auto r = runSoak(so);
        if (!r) {
            std::printf("%6u %s\n", seed, qPrintable(r.error().message));
            failed.append(seed);
            reports.append(QJsonObject {
                { QStringLiteral("seed"), double(seed) }, { QStringLiteral("error"), r.error().message } });
            continue;
        }
        QStringList names;
        for (const QJsonValue &f : r->value(QStringLiteral("faults")).toArray())
            names << f.toString();
        std::printf("%6u %-44s %9d %6d %6d %7d %5d %5d %7.1f\n", seed, qPrintable(names.join(u' ').left(44)),
            r->value(QStringLiteral("failovers")).toInt(), r->value(QStringLiteral("false_failovers")).toInt(),
            r->value(QStringLiteral("missed_failovers")).toInt(),
            r->value(QStringLiteral("writes_acknowledged")).toInt(), r->value(QStringLiteral("writes_lost")).toInt(),
            r->value(QStringLiteral("writers_overlapping")).toInt(), r->value(QStringLiteral("wall_s")).toDouble());
        std::fflush(stdout);
        totalFaults += int(names.size());
        totalFailovers += r->value(QStringLiteral("failovers")).toInt();
        totalFalse += r->value(QStringLiteral("false_failovers")).toInt();
        totalAcked += r->value(QStringLiteral("writes_acknowledged")).toInt();
        totalLost += r->value(QStringLiteral("writes_lost")).toInt();
        if (!r->value(QStringLiteral("history_ok")).toBool())
            failed.append(seed);
        reports.append(*r);
    }
    std::printf("summary: %lld seed(s), %d faults, %d failovers, %d false, %d writes acknowledged, %d lost; %lld "
                "failed; %.0f s\n",
        qlonglong(seeds.size()), totalFaults, totalFailovers, totalFalse, totalAcked, totalLost,
        qlonglong(failed.size()), double(wall.elapsed()) / 1000.0);
    for (const quint32 seed : failed)
        std::printf("replay: gpufailoverd --demo --soak %u --faults %d\n", seed, faults);
    if (!reportPath.isEmpty()) {
        QSaveFile f(reportPath);
        const QByteArray json = QJsonDocument(reports).toJson(QJsonDocument::Indented);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit())
            std::fprintf(stderr, "gpufailoverd: cannot write %s\n", qPrintable(reportPath));
    }
    return failed.isEmpty() ? 0 : 3;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailoverd"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("GPU Failover daemon: the engine and the local REST API, headless."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions::addTo(parser);
    parser.addOption({ QStringLiteral("scenario"),
        QStringLiteral("With --demo: run a scripted story to the end (%1).").arg(scenarioNames().join(u", ")),
        QStringLiteral("name") });
    parser.addOption({ QStringLiteral("soak"),
        QStringLiteral("With --demo: randomized soak of these seeds (1-200, 7, 3,9,12) and print a table."),
        QStringLiteral("seeds") });
    parser.addOption({ QStringLiteral("faults"), QStringLiteral("With --soak: faults per seed (default 4)."),
        QStringLiteral("n"), QStringLiteral("4") });
    parser.addOption({ QStringLiteral("report"),
        QStringLiteral("With --scenario or --soak: write the JSON report here."), QStringLiteral("file") });
    parser.addOption(
        { QStringLiteral("time-scale"), QStringLiteral("With --demo: simulated seconds per real second (default 20)."),
            QStringLiteral("x"), QStringLiteral("20") });
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    bool scaleOk = false;
    const double timeScale = parser.value(QStringLiteral("time-scale")).toDouble(&scaleOk);
    if (error.isEmpty() && (!scaleOk || timeScale <= 0 || timeScale > 1000))
        error = QStringLiteral("--time-scale must be between 0 and 1000");
    if (error.isEmpty() && (parser.isSet(QStringLiteral("scenario")) || parser.isSet(QStringLiteral("soak")))
        && !options.demo)
        error = QStringLiteral("--scenario and --soak need --demo (they run on the simulated cloud)");
    QList<quint32> seeds;
    if (error.isEmpty() && parser.isSet(QStringLiteral("soak")))
        seeds = parseSeeds(parser.value(QStringLiteral("soak")), &error);
    bool faultsOk = false;
    const int faults = parser.value(QStringLiteral("faults")).toInt(&faultsOk);
    if (error.isEmpty() && (!faultsOk || faults < 1 || faults > 1000))
        error = QStringLiteral("--faults must be between 1 and 1000");
    if (!error.isEmpty()) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(error));
        return 2;
    }
    auto ctx = AppContext::create(options, options.demo ? AppContext::Secrets::InMemory : AppContext::Secrets::Keychain,
        QStringLiteral("gpufailoverd"));
    if (!ctx) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(ctx.error().message));
        return 1;
    }
    AppContext &c = **ctx;
    if (!seeds.isEmpty())
        return runSoaks(seeds, faults, parser.value(QStringLiteral("report")), options, timeScale);
    if (parser.isSet(QStringLiteral("scenario")))
        return runScenario(
            parser.value(QStringLiteral("scenario")), parser.value(QStringLiteral("report")), options, timeScale);

    // One engine per set of pools: a second daemon (or GUI) on the same data dir must not drive them.
    QLockFile engineLock(QDir(options.dataDir).filePath(QStringLiteral("engine.lock")));
    engineLock.setStaleLockTime(0);
    if (!engineLock.tryLock(100)) {
        qint64 pid = 0;
        QString host, appName;
        engineLock.getLockInfo(&pid, &host, &appName);
        std::fprintf(stderr, "gpufailoverd: another engine (%s, pid %lld) already drives the pools of %s\n",
            qPrintable(appName), pid, qPrintable(options.dataDir));
        return 4;
    }

    QHostAddress bindAddress = QHostAddress::LocalHost;
    if (parser.isSet(QStringLiteral("api-bind")) && !bindAddress.setAddress(parser.value(QStringLiteral("api-bind")))) {
        std::fprintf(stderr, "gpufailoverd: --api-bind: not an address: %s\n",
            qPrintable(parser.value(QStringLiteral("api-bind"))));
        return 2;
    }
    if (bindAddress != QHostAddress::LocalHost)
        std::fprintf(stderr,
            "gpufailoverd: WARNING: the API listens on %s, reachable from other machines; only the token protects it\n",
            qPrintable(bindAddress.toString()));
    // --demo: a live pool on the simulated cloud with real test hosts, until stopped.
    std::unique_ptr<DemoWorld> world;
    if (options.demo) {
        auto w = DemoWorld::createForDemo(options.dataDir, timeScale);
        if (!w) {
            std::fprintf(stderr, "gpufailoverd: demo world unavailable: %s\n", qPrintable(w.error().message));
            return 1;
        }
        world = std::move(w).value();
    }
    EngineHost::Options engineOptions;
    engineOptions.bind = bindAddress;
    engineOptions.port = options.apiPort;
    engineOptions.warn = [](const QString &text) { std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(text)); };
    auto engine = EngineHost::create(
        c, engineOptions, world ? std::optional(world->fixture()) : std::optional<EngineHost::Fixture>());
    if (!engine) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(engine.error().message));
        return 1;
    }
    EngineHost &host = **engine;
    if (world) {
        QObject::connect(
            &world->pool(), &WarmPool::stateChanged, &app, [](WarmPool::State, WarmPool::State to, const QString &why) {
                std::printf("demo pool: %s — %s\n", qPrintable(toString(to)), qPrintable(why));
                std::fflush(stdout);
            });
        world->start();
    }
    const quint16 bound = host.apiPort();
    std::printf("gpufailoverd %s: API on http://127.0.0.1:%u\n", kVersion, unsigned(bound));
    std::fflush(stdout);
    c.journal().append({}, QStringLiteral("daemon_started"), { { QStringLiteral("api_port"), int(bound) } });

    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [&](int sig) {
        c.journal().append({}, QStringLiteral("daemon_stopped"), { { QStringLiteral("signal"), sig } });
        QCoreApplication::quit();
    });
    return app.exec();
}
