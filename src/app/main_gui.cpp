// gpufailover: the desktop app (main window, tray), on its own engine or attached to gpufailoverd.
#include "api/apitoken.h"
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/enginelock.h"
#include "core/journal.h"
#include "core/keychainsecretstore.h"
#include "core/signalwatcher.h"
#include "engine/enginehost.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/simulatorcontrol.h"
#include "gui/singleinstance.h"

#include "gpufailover/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QIcon>
#include <QJsonObject>
#include <QMessageBox>

#include <cstdio>
#include <memory>

using namespace gpufailover;

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
    parser.addOption({ QStringLiteral("simulator"),
        QStringLiteral(
            "Run against gpufailover-sim at this URL (the demo): its Vast.ai and GCP APIs, its keys shown in "
            "the wizard, and a Demo menu whose faults it injects."),
        QStringLiteral("url") });
    parser.process(*app);

    QString error;
    CommonOptions options = CommonOptions::from(parser, &error);
    QUrl simulator;
    if (parser.isSet(QStringLiteral("simulator"))) {
        // Only a simulator on this machine: the demo never sends anything elsewhere.
        simulator = QUrl(parser.value(QStringLiteral("simulator")), QUrl::StrictMode);
        if (simulator.scheme() != u"http" || !QHostAddress(simulator.host()).isLoopback())
            error = QStringLiteral("--simulator: expected http://127.0.0.1:PORT, got %1")
                        .arg(parser.value(QStringLiteral("simulator")));
        if (options.vastUrl.isEmpty())
            options.vastUrl = simulator;
        if (options.gcpUrl.isEmpty())
            options.gcpUrl = simulator;
    }
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

    auto ctx = AppContext::create(options, AppContext::Secrets::Keychain, QStringLiteral("gpufailover"));
    if (!ctx) {
        QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"), ctx.error().message);
        return 1;
    }
    AppContext &c = **ctx;
    c.journal().append({}, QStringLiteral("app_started"),
        { { QStringLiteral("program"), QStringLiteral("gpufailover") } }, QStringLiteral("gui"));

    // One engine per set of pools: when a daemon already drives this data dir, attach to it over
    // its local API; otherwise run the engine here, with the same API for the CLI.
    EngineLock engineLock(options.dataDir);
    std::unique_ptr<EngineHost> engine;
    std::unique_ptr<EngineLink> link;
    if (engineLock.tryLock()) {
        EngineHost::Options eo;
        eo.port = options.apiPort;
        eo.anyPortWhenTaken = true;
        eo.warn = [](const QString &text) { std::fprintf(stderr, "gpufailover: %s\n", qPrintable(text)); };
        auto host = EngineHost::create(c, eo);
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
    std::unique_ptr<SimulatorControl> simControl;
    if (!simulator.isEmpty()) {
        simControl = std::make_unique<SimulatorControl>(simulator);
        simControl->addTo(desktop.window());
        QObject::connect(link.get(), &EngineLink::poolsChanged, simControl.get(), &SimulatorControl::setPools);
        QObject::connect(simControl.get(), &SimulatorControl::injected, &desktop.window(),
            [&desktop](const QString &message) { desktop.window().setEngineStatus(message); });
    }
    desktop.start();

    // Ctrl+C or a session logout: leave through the event loop so the engine stops cleanly.
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, app.get(), [] { QCoreApplication::quit(); });
    desktop.window().show();
    // The demo's story starts where a user's does: the wizard, with the simulator's keys filled in.
    if (simControl) {
        simControl->fetchCredentials([&desktop](const QJsonObject &keys) {
            desktop.setWizardPrefill(SimulatorControl::prefillOf(keys));
            desktop.openProvisionWizard();
        });
    }
    return app->exec();
}
