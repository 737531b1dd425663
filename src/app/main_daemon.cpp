// gpufailoverd: the engine headless, with the local REST API.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/enginehost.h"
#include "demo/scenariorunner.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLockFile>
#include <QSaveFile>

#include <cstdio>

using namespace gpufailover;

namespace {

int runScenario(const QString &name, const QString &reportPath, const CommonOptions &options, double timeScale)
{
    const QString dir = QDir(options.dataDir).filePath(QStringLiteral("scenario-%1").arg(name));
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
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
    parser.addOption({ QStringLiteral("report"), QStringLiteral("With --scenario: write the JSON report here."),
        QStringLiteral("file") });
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
    if (error.isEmpty() && parser.isSet(QStringLiteral("scenario")) && !options.demo)
        error = QStringLiteral("--scenario needs --demo (scenarios run on the simulated cloud)");
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
    EngineHost::Options engineOptions;
    engineOptions.demo = options.demo;
    engineOptions.timeScale = timeScale;
    engineOptions.bind = bindAddress;
    engineOptions.port = options.apiPort;
    engineOptions.warn = [](const QString &text) { std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(text)); };
    auto engine = EngineHost::create(c, engineOptions);
    if (!engine) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(engine.error().message));
        return 1;
    }
    EngineHost &host = **engine;
    if (DemoWorld *world = host.world())
        QObject::connect(
            &world->pool(), &WarmPool::stateChanged, &app, [](WarmPool::State, WarmPool::State to, const QString &why) {
                std::printf("demo pool: %s — %s\n", qPrintable(toString(to)), qPrintable(why));
                std::fflush(stdout);
            });
    host.start();
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
