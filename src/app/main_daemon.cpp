// gpufailoverd: the engine headless, with the local REST API.
#include "api/apiserver.h"
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/journal.h"
#include "core/settings.h"
#include "core/signalwatcher.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace gpufailover;

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
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
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

    ApiServer api;
    const int port = options.apiPort >= 0 ? options.apiPort : c.settings().value(keys::ApiPort);
    const auto bound = api.listen(QHostAddress::LocalHost, quint16(port));
    if (!bound) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(bound.error().message));
        return 1;
    }
    std::printf("gpufailoverd %s: API on http://127.0.0.1:%u\n", kVersion, unsigned(*bound));
    std::fflush(stdout);
    c.journal().append({}, QStringLiteral("daemon_started"), { { QStringLiteral("api_port"), int(*bound) } });

    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [&](int sig) {
        c.journal().append({}, QStringLiteral("daemon_stopped"), { { QStringLiteral("signal"), sig } });
        QCoreApplication::quit();
    });
    return app.exec();
}
