// gpufailover-lab: the simulated world in one process, for the scenarios, the soak and the tests
// that need a pool without a cloud. Never installed and never part of the user's programs: they
// reach the simulated cloud only as an outside service (gpufailover-sim).
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/enginelock.h"
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
#include <QJsonArray>
#include <QJsonDocument>
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
    std::printf("gpufailover-lab %s: scenario %s\n", kVersion, qPrintable(name));
    const auto report = gpufailover::runScenario(so);
    if (!report) {
        std::fprintf(
            stderr, "gpufailover-lab: scenario %s failed: %s\n", qPrintable(name), qPrintable(report.error().message));
        return 1;
    }
    const QByteArray json = QJsonDocument(*report).toJson(QJsonDocument::Indented);
    if (!reportPath.isEmpty()) {
        QSaveFile f(reportPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit()) {
            std::fprintf(stderr, "gpufailover-lab: cannot write %s\n", qPrintable(reportPath));
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

// Which soak seeds to run, written 1-200, 7 or 3,9,12.
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
    std::printf("gpufailover-lab %s: soak of %lld seed(s), %d faults each, time x%g\n", kVersion,
        qlonglong(seeds.size()), faults, timeScale);
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
        std::printf("replay: gpufailover-lab --soak %u --faults %d\n", seed, faults);
    if (!reportPath.isEmpty()) {
        QSaveFile f(reportPath);
        const QByteArray json = QJsonDocument(reports).toJson(QJsonDocument::Indented);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit())
            std::fprintf(stderr, "gpufailover-lab: cannot write %s\n", qPrintable(reportPath));
    }
    return failed.isEmpty() ? 0 : 3;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailover-lab"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "GPU Failover lab: the simulated cloud and a pool on it in one process. Without --scenario or --soak it "
        "serves that pool through the engine's local API until stopped (for tests and benchmarks)."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions::addTo(parser);
    parser.addOption({ QStringLiteral("scenario"),
        QStringLiteral("Run a scripted story to the end (%1).").arg(scenarioNames().join(u", ")),
        QStringLiteral("name") });
    parser.addOption({ QStringLiteral("soak"),
        QStringLiteral("Randomized soak of these seeds (1-200, 7, 3,9,12) and print a table."),
        QStringLiteral("seeds") });
    parser.addOption({ QStringLiteral("faults"), QStringLiteral("With --soak: faults per seed (default 4)."),
        QStringLiteral("n"), QStringLiteral("4") });
    parser.addOption({ QStringLiteral("report"),
        QStringLiteral("With --scenario or --soak: write the JSON report here."), QStringLiteral("file") });
    parser.addOption({ QStringLiteral("time-scale"), QStringLiteral("Simulated seconds per real second (default 20)."),
        QStringLiteral("x"), QStringLiteral("20") });
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    bool scaleOk = false;
    const double timeScale = parser.value(QStringLiteral("time-scale")).toDouble(&scaleOk);
    if (error.isEmpty() && (!scaleOk || timeScale <= 0 || timeScale > 1000))
        error = QStringLiteral("--time-scale must be between 0 and 1000");
    QList<quint32> seeds;
    if (error.isEmpty() && parser.isSet(QStringLiteral("soak")))
        seeds = parseSeeds(parser.value(QStringLiteral("soak")), &error);
    bool faultsOk = false;
    const int faults = parser.value(QStringLiteral("faults")).toInt(&faultsOk);
    if (error.isEmpty() && (!faultsOk || faults < 1 || faults > 1000))
        error = QStringLiteral("--faults must be between 1 and 1000");
    if (!error.isEmpty()) {
        std::fprintf(stderr, "gpufailover-lab: %s\n", qPrintable(error));
        return 2;
    }
    if (!seeds.isEmpty())
        return runSoaks(seeds, faults, parser.value(QStringLiteral("report")), options, timeScale);
    if (parser.isSet(QStringLiteral("scenario")))
        return runScenario(
            parser.value(QStringLiteral("scenario")), parser.value(QStringLiteral("report")), options, timeScale);

    // Keys here are the simulator's, kept in memory: the lab never touches the user's keychain.
    auto ctx = AppContext::create(options, AppContext::Secrets::InMemory, QStringLiteral("gpufailover-lab"));
    if (!ctx) {
        std::fprintf(stderr, "gpufailover-lab: %s\n", qPrintable(ctx.error().message));
        return 1;
    }
    AppContext &c = **ctx;
    // The same rule as any engine: one per set of pools.
    EngineLock engineLock(options.dataDir);
    if (!engineLock.tryLock()) {
        std::fprintf(stderr, "gpufailover-lab: %s already drives the pools of %s\n", qPrintable(engineLock.holder()),
            qPrintable(options.dataDir));
        return 4;
    }
    auto w = DemoWorld::createForDemo(options.dataDir, timeScale);
    if (!w) {
        std::fprintf(stderr, "gpufailover-lab: simulated world unavailable: %s\n", qPrintable(w.error().message));
        return 1;
    }
    std::unique_ptr<DemoWorld> world = std::move(w).value();
    EngineHost::Options engineOptions;
    engineOptions.port = options.apiPort;
    engineOptions.warn = [](const QString &text) { std::fprintf(stderr, "gpufailover-lab: %s\n", qPrintable(text)); };
    auto engine = EngineHost::create(c, engineOptions, world->fixture());
    if (!engine) {
        std::fprintf(stderr, "gpufailover-lab: %s\n", qPrintable(engine.error().message));
        return 1;
    }
    QObject::connect(
        &world->pool(), &WarmPool::stateChanged, &app, [](WarmPool::State, WarmPool::State to, const QString &why) {
            std::printf("lab pool: %s — %s\n", qPrintable(toString(to)), qPrintable(why));
            std::fflush(stdout);
        });
    world->start();
    return (*engine)->serveUntilStopped("gpufailover-lab");
}
