// gpufailover: the desktop app (main window, tray, wizard), running the engine in-process.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "gui/mainwindow.h"

#include "gpufailover/version.h"

#include <QApplication>
#include <QCommandLineParser>
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

    MainWindow window;
    window.setEngineStatus(options.demo ? QApplication::translate("main", "Engine: local (demo cloud)")
                                        : QApplication::translate("main", "Engine: local"));
    window.show();
    return app->exec();
}
