// gpufailover: the desktop app (main window, tray), on its own engine or attached to gpufailoverd.
#include "api/apitoken.h"
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/keychainsecretstore.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "engine/enginehost.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/singleinstance.h"

#include "gpufailover/version.h"
#include "sim/simmarket.h"
#include "sim/simserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QLockFile>
#include <QMessageBox>

#include <cstdio>
#include <memory>

using namespace gpufailover;

namespace {

// The demo's story, one menu entry each: failures injected into the simulated cloud.
void addDemoMenu(MainWindow &window, DemoWorld &world)
{
    WarmPool &pool = world.pool();
    window.addDemoAction(QApplication::translate("main", "Kill the primary"),
        [&world, &pool] { world.market().killInstance(pool.record().primaryId); });
    window.addDemoAction(QApplication::translate("main", "Hang the primary"),
        [&world, &pool] { world.market().hangInstance(pool.record().primaryId, true); });
    window.addDemoAction(QApplication::translate("main", "Failover drill"),
        [&pool] { pool.failoverNow(QStringLiteral("drill from the Demo menu")); });
}

} // namespace

int main(int argc, char *argv[])
{
    // --help and --version must work over SSH and in scripts, where there is no display.
    std::unique_ptr<QCoreApplication> app;
    if (wantsHelpOrVersion(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailover"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));
    QCoreApplication::setOrganizationName(QStringLiteral("gpufailover"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("GPU Failover: keeps a rented GPU workload alive."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions::addTo(parser);
    parser.process(*app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "gpufailover: %s\n", qPrintable(error));
        return 2;
    }
    QApplication::setQuitOnLastWindowClosed(false); // the tray keeps the app alive
    // The installed desktop file and icon (packaging/): menus and docks match the window to them.
    QGuiApplication::setDesktopFileName(QString::fromLatin1(kAppId));
    QApplication::setWindowIcon(QIcon::fromTheme(QString::fromLatin1(kAppId)));
    SingleInstance instance(options.dataDir);
    if (instance.askRunningToRaise()) {
        std::printf("gpufailover: already running for %s; raised its window\n", qPrintable(options.dataDir));
        return 0;
    }
    instance.listen();

    auto ctx = AppContext::create(options, options.demo ? AppContext::Secrets::InMemory : AppContext::Secrets::Keychain,
        QStringLiteral("gpufailover"));
    if (!ctx) {
        QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"), ctx.error().message);
        return 1;
    }
    AppContext &c = **ctx;
    c.journal().append({}, QStringLiteral("app_started"),
        { { QStringLiteral("program"), QStringLiteral("gpufailover") } }, QStringLiteral("gui"));

    // One engine per set of pools: when a daemon already drives this data dir, attach to it over
    // its local API; otherwise run the engine here, with the same API for the CLI.
    QLockFile engineLock(QDir(options.dataDir).filePath(QStringLiteral("engine.lock")));
    engineLock.setStaleLockTime(0);
    std::unique_ptr<DemoWorld> world; // --demo: outlives the engine that adopts its pool
    std::unique_ptr<EngineHost> engine;
    std::unique_ptr<EngineLink> link;
    if (engineLock.tryLock(100)) {
        if (options.demo) {
            auto w = DemoWorld::createForDemo(options.dataDir, 20);
            if (!w) {
                QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"), w.error().message);
                return 1;
            }
            world = std::move(w).value();
        }
        EngineHost::Options eo;
        eo.port = options.apiPort;
        eo.anyPortWhenTaken = true;
        eo.warn = [](const QString &text) { std::fprintf(stderr, "gpufailover: %s\n", qPrintable(text)); };
        auto host
            = EngineHost::create(c, eo, world ? std::optional(world->fixture()) : std::optional<EngineHost::Fixture>());
        if (!host) {
            QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"), host.error().message);
            return 1;
        }
        engine = std::move(host).value();
        link = std::make_unique<EngineLink>(engine->apiPort(), engine->apiToken());
    } else {
        QFile portFile(apiPortFile(options.configDir));
        KeychainSecretStore keychain(QString::fromLatin1(kAppId), {}, nullptr);
        const auto token = readApiToken(&keychain, options.configDir);
        const int port = portFile.open(QIODevice::ReadOnly) ? portFile.readAll().trimmed().toInt() : 0;
        if (!token || port <= 0) {
            QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"),
                QApplication::translate(
                    "main", "Another GPU Failover engine drives the pools in %1, and its API cannot be reached.")
                    .arg(options.dataDir));
            return 4;
        }
        link = std::make_unique<EngineLink>(port, *token);
    }
    DesktopApp desktop(link.get(), &c.clock(), &c.settings());
    QObject::connect(&instance, &SingleInstance::raiseRequested, &desktop, &DesktopApp::raise);
    if (world) {
        addDemoMenu(desktop.window(), *world);
        // The demo provisions through the wizard as a user would, with the simulator's fake key.
        desktop.setPrefilledVastKey(QString::fromLatin1(SimServer::kDefaultApiKey));
        world->start();
    }
    desktop.start();

    // Ctrl+C or a session logout: leave through the event loop so the demo's hosts are taken down.
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, app.get(), [] { QCoreApplication::quit(); });
    desktop.window().show();
    // The demo's story starts where a user's does: the wizard, with the simulator's key filled in.
    if (world)
        desktop.openProvisionWizard();
    return app->exec();
}
