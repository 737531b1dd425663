// gpufailover: the desktop app (main window, tray, wizard), running the engine in-process.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "gui/mainwindow.h"
#include "sim/simmarket.h"

#include "gpufailover/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
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

    // One engine per set of pools: not while a daemon (or another window) drives this data dir.
    QLockFile engineLock(QDir(options.dataDir).filePath(QStringLiteral("engine.lock")));
    engineLock.setStaleLockTime(0);
    if (!engineLock.tryLock(100)) {
        QMessageBox::critical(nullptr, QStringLiteral("GPU Failover"),
            QApplication::translate("main", "Another GPU Failover engine already drives the pools in %1.")
                .arg(options.dataDir));
        return 4;
    }
    MainWindow window;
    window.setEngineStatus(options.demo ? QApplication::translate("main", "Engine: local (demo cloud)")
                                        : QApplication::translate("main", "Engine: local"));
    std::unique_ptr<DemoWorld> world;
    if (options.demo) {
        const QString dir = QDir(options.dataDir).filePath(QStringLiteral("demo-world"));
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        DemoWorld::Options wo;
        wo.dir = dir;
        wo.timeScale = 20;
        wo.pool.id = QStringLiteral("demo");
        auto w = DemoWorld::create(wo);
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
            pool.start();
        }
    }
    window.show();
    const int rc = app->exec();
    world.reset();
    return rc;
}
