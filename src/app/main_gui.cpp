// gpufailover: the desktop app (main window, tray, wizard), running the engine in-process.
#include "api/apitoken.h"
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/keychainsecretstore.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "gui/daemonlink.h"
#include "gui/mainwindow.h"

#include "gpufailover/version.h"
#include "sim/simmarket.h"

#include "gpufailover/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLockFile>
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
    parser.process(*app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "gpufailover: %s\n", qPrintable(error));
        return 2;
    }
    auto ctx = AppContext::create(options, options.demo ? AppContext::Secrets::InMemory : AppContext::Secrets::Keychain,
        QStringLiteral("gpufailover"));
    if (!ctx) {
        QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"), ctx.error().message);
        return 1;
    }
    (*ctx)->journal().append({}, QStringLiteral("app_started"),
        { { QStringLiteral("program"), QStringLiteral("gpufailover") } }, QStringLiteral("gui"));

    // One engine per set of pools: when a daemon already drives this data dir, attach to it over
    // its local API instead of running a second engine.
    QLockFile engineLock(QDir(options.dataDir).filePath(QStringLiteral("engine.lock")));
    engineLock.setStaleLockTime(0);
    std::unique_ptr<DaemonLink> link;
    if (!engineLock.tryLock(100)) {
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
        link = std::make_unique<DaemonLink>(port, *token);
    }
    MainWindow window;
    window.setEngineStatus(options.demo ? QApplication::translate("main", "Engine: local (demo cloud)")
                                        : QApplication::translate("main", "Engine: local"));
    if (link) {
        window.setEngineStatus(
            QApplication::translate("main", "Engine: attached to gpufailoverd (port %1)").arg(link->port()));
        auto lastState = std::make_shared<QHash<QString, QString>>();
        QObject::connect(link.get(), &DaemonLink::poolsChanged, &window, [&window, lastState](const QJsonArray &pools) {
            QStringList lines;
            for (const QJsonValue &v : pools) {
                const QJsonObject p = v.toObject();
                const QString id = p.value(QStringLiteral("pool")).toString();
                const QString state = p.value(QStringLiteral("state")).toString();
                lines << QApplication::translate(
                    "main", "Pool \"%1\": %2 — primary %3, standby %4, generation %5, failovers %6")
                             .arg(id, state)
                             .arg(qint64(p.value(QStringLiteral("primary_gpu_id")).toDouble()))
                             .arg(qint64(p.value(QStringLiteral("standby_gpu_id")).toDouble()))
                             .arg(p.value(QStringLiteral("generation")).toInt())
                             .arg(p.value(QStringLiteral("failover_count")).toInt());
                if (lastState->value(id) != state)
                    window.appendEvent(
                        QStringLiteral("%1: %2 — %3").arg(id, state, p.value(QStringLiteral("reason")).toString()));
                lastState->insert(id, state);
            }
            window.setPoolStatus(lines.join(u'\n'));
        });
        QObject::connect(link.get(), &DaemonLink::unreachable, &window, [&window](const QString &why) {
            window.setEngineStatus(QApplication::translate("main", "Engine: daemon unreachable (%1)").arg(why));
        });
        QObject::connect(link.get(), &DaemonLink::actionDone, &window,
            [&window](const QString &what, bool ok, const QString &message) {
                window.appendEvent(QStringLiteral("%1: %2 %3")
                                       .arg(what, ok ? QStringLiteral("ok") : QStringLiteral("refused"), message));
            });
        DaemonLink *l = link.get();
        window.setPoolActions([l, lastState] { l->drill(lastState->keys().value(0)); },
            [l, lastState](bool paused) { l->setAutomationPaused(lastState->keys().value(0), paused); });
        link->start();
    }
    std::unique_ptr<DemoWorld> world;
    if (options.demo && !link) {
        auto w = DemoWorld::createForDemo(options.dataDir, 20);
        if (!w) {
            QMessageBox::warning(&window, QStringLiteral("GPU Failover"),
                QApplication::translate("main", "The demo cloud could not start: %1").arg(w.error().message));
        } else {
            world = std::move(w).value();
            WarmPool &pool = world->pool();
            const auto describe = [&pool] {
                const auto &r = pool.record();
                return QApplication::translate(
                    "main", "Pool \"demo\": %1 — primary %2, standby %3, generation %4, failovers %5")
                    .arg(toString(pool.state()))
                    .arg(r.primaryId)
                    .arg(r.standbyId)
                    .arg(r.generation)
                    .arg(r.failovers);
            };
            QObject::connect(&pool, &WarmPool::stateChanged, &window,
                [&window, describe](WarmPool::State, WarmPool::State to, const QString &why) {
                    window.setPoolStatus(describe());
                    window.appendEvent(QStringLiteral("%1: %2").arg(toString(to), why));
                });
            QObject::connect(&pool, &WarmPool::alert, &window, [&window](const QString &kind, const QString &message) {
                window.appendEvent(QStringLiteral("[%1] %2").arg(kind, message));
            });
            window.addDemoAction(QApplication::translate("main", "Kill the primary"), [&] {
                world->market().killInstance(pool.record().primaryId);
                window.appendEvent(
                    QApplication::translate("main", "demo: primary %1 killed").arg(pool.record().primaryId));
            });
            window.addDemoAction(QApplication::translate("main", "Hang the primary"), [&] {
                world->market().hangInstance(pool.record().primaryId, true);
                window.appendEvent(
                    QApplication::translate("main", "demo: primary %1 hangs").arg(pool.record().primaryId));
            });
            window.addDemoAction(QApplication::translate("main", "Failover drill"),
                [&] { pool.failoverNow(QStringLiteral("drill from the Demo menu")); });
            window.setPoolActions([&pool] { pool.failoverNow(QStringLiteral("drill from the toolbar")); },
                [&pool](bool paused) { pool.setAutomationPaused(paused); });
            world->start();
        }
    }
    // Ctrl+C or a session logout: leave through the event loop so the demo's hosts are taken down.
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &window, [] { QCoreApplication::quit(); });
    window.show();
    const int rc = app->exec();
    world.reset();
    return rc;
}
