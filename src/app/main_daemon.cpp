// gpufailoverd: the engine headless, with the local REST API.
#include "api/apiserver.h"
#include "api/apitoken.h"
#include "core/appcontext.h"
#include "core/budgetwatcher.h"
#include "core/commonoptions.h"
#include "core/costtracker.h"
#include "core/cpustandby.h"
#include "core/creditwatcher.h"
#include "core/hibernation.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/settings.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "demo/cpustandbytier.h"
#include "demo/demoworld.h"
#include "demo/liveengine.h"
#include "demo/scenariorunner.h"
#include "demo/snapshottier.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
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

    // --demo: a live pool on the simulated cloud with real test hosts, until stopped.
    std::unique_ptr<DemoWorld> world;
    if (options.demo) {
        auto w = DemoWorld::createForDemo(options.dataDir, timeScale);
        if (!w) {
            std::fprintf(stderr, "gpufailoverd: demo world unavailable: %s\n", qPrintable(w.error().message));
        } else {
            world = std::move(w).value();
            QObject::connect(&world->pool(), &WarmPool::stateChanged, &app,
                [](WarmPool::State, WarmPool::State to, const QString &why) {
                    std::printf("demo pool: %s — %s\n", qPrintable(toString(to)), qPrintable(why));
                    std::fflush(stdout);
                });
            world->start();
        }
    }

    const auto token = loadOrCreateApiToken(options.demo ? nullptr : &c.secrets(), options.configDir);
    if (!token) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(token.error().message));
        return 1;
    }
    // The pools: the demo world's, or those saved in the config dir, driven against the real cloud.
    std::unique_ptr<LiveEngine> live;
    std::unique_ptr<PoolRegistry> registry;
    std::unique_ptr<CpuStandbyTier> cpuStandby;
    std::unique_ptr<SnapshotTier> snapshots;
    if (world) {
        registry = std::make_unique<PoolRegistry>(
            WarmPool::Services { &world->cloud(), &world->access(), &world->journal(), &world->clock() },
            options.configDir);
        registry->adopt(&world->pool());
        if (world->snapshots())
            registry->attachSnapshots(world->pool().config().id, world->snapshots());
        if (world->cpuStandby())
            registry->attachCpuStandby(world->pool().config().id, world->cpuStandby());
        registry->attachHibernation(world->pool().config().id, &world->hibernation());
    } else {
        auto engine = LiveEngine::create(c, options.vastUrl);
        if (!engine) {
            std::fprintf(stderr, "gpufailoverd: not driving any pool: %s\n", qPrintable(engine.error().message));
        } else {
            live = std::move(engine).value();
            registry = std::make_unique<PoolRegistry>(live->services(), options.configDir);
            for (const QString &problem : registry->loadAll())
                std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(problem));
            auto cpuTier = CpuStandbyTier::create(c, options.gcpUrl, *live, registry.get());
            if (cpuTier)
                cpuStandby = std::move(cpuTier).value();
            else
                std::fprintf(stderr, "gpufailoverd: CPU standby off: %s\n", qPrintable(cpuTier.error().message));
            auto tier = SnapshotTier::create(c, &live->shell(), live->services().cloud, registry.get());
            if (tier)
                snapshots = std::move(tier).value();
            else
                std::fprintf(stderr, "gpufailoverd: snapshots off: %s\n", qPrintable(tier.error().message));
        }
    }
    // What the pools cost, sampled every 10 minutes (every simulated minute in the demo).
    std::unique_ptr<CostTracker> costs;
    std::unique_ptr<CreditWatcher> credit;
    std::vector<std::unique_ptr<Hibernation>> hibernations; // those the daemon made (not the demo's)
    std::unique_ptr<BudgetWatcher> budgets;
    if (registry) {
        CostTracker::Options costOptions;
        if (world)
            costOptions.sampleIntervalMs = 60000;
        costs = std::make_unique<CostTracker>(registry.get(), world ? &world->cloud() : live->services().cloud,
            world ? &world->journal() : &c.journal(), world ? &world->clock() : &c.clock(), costOptions);
        costs->start();
        credit = std::make_unique<CreditWatcher>(world ? &world->cloud() : live->services().cloud, costs.get(),
            registry.get(), world ? &world->journal() : &c.journal(), world ? &world->clock() : &c.clock(),
            CreditWatcher::Options {});
        credit->start();
        budgets = std::make_unique<BudgetWatcher>(
            costs.get(), world ? &world->journal() : &c.journal(), world ? &world->clock() : &c.clock());
        budgets->setOverall([&c] { return c.settings().value(keys::BudgetMonthlyCents) / 100.0; });
        // Each pool's hibernation (its own, or the demo world's) and budget, from its configuration.
        const auto configure = [&,
                                   services = world ? WarmPool::Services { &world->cloud(), &world->access(),
                                                  &world->journal(), &world->clock() }
                                                    : live->services()](WarmPool *pool) {
            const PoolConfig &config = pool->config();
            Hibernation *h = registry->hibernationOf(config.id);
            if (!h) {
                auto owned = std::make_unique<Hibernation>(
                    pool, services.cloud, services.access, services.clock, Hibernation::Options {});
                h = owned.get();
                if (CpuStandby *cpu = registry->cpuStandbyOf(config.id))
                    h->syncFirstTo(*cpu);
                registry->attachHibernation(config.id, h);
                hibernations.push_back(std::move(owned));
            }
            h->setOptions({ config.hibernateWhenIdle, config.idleUtilizationPct, qint64(config.idleMinutes) * 60000 });
            budgets->setBudget(config.id, { config.monthlyBudgetUsd, config.budgetHibernates ? h : nullptr });
        };
        for (WarmPool *p : registry->pools())
            configure(p);
        QObject::connect(registry.get(), &PoolRegistry::poolAdded, budgets.get(), configure);
        QObject::connect(registry.get(), &PoolRegistry::poolRemoved, budgets.get(),
            [b = budgets.get()](const QString &id) { b->setBudget(id, {}); });
    }
    ApiServer::Services services;
    services.journal = world ? &world->journal() : &c.journal();
    services.settings = &c.settings();
    services.clock = world ? &world->clock() : &c.clock();
    services.cloud = world ? &world->cloud() : (live ? live->services().cloud : nullptr);
    services.pools = registry.get();
    services.costs = costs.get();
    services.credit = credit.get();
    ApiServer api(services, *token);
    const int port = options.apiPort >= 0 ? options.apiPort : c.settings().value(keys::ApiPort);
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
    const auto bound = api.listen(bindAddress, quint16(port));
    if (!bound) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(bound.error().message));
        return 1;
    }
    if (bindAddress == QHostAddress::LocalHost)
        api.listen(QHostAddress::LocalHostIPv6, *bound); // also ::1 where IPv6 exists; not fatal when it does not
    QSaveFile portFile(apiPortFile(options.configDir));
    if (portFile.open(QIODevice::WriteOnly)) {
        portFile.write(QByteArray::number(*bound) + '\n');
        portFile.commit();
    }
    std::printf("gpufailoverd %s: API on http://127.0.0.1:%u\n", kVersion, unsigned(*bound));
    std::fflush(stdout);
    c.journal().append({}, QStringLiteral("daemon_started"), { { QStringLiteral("api_port"), int(*bound) } });

    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [&](int sig) {
        c.journal().append({}, QStringLiteral("daemon_stopped"), { { QStringLiteral("signal"), sig } });
        QCoreApplication::quit();
    });
    const int rc = app.exec();
    world.reset();
    return rc;
}
