// gpufailoverd: the engine headless, with the local REST API.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "core/enginelock.h"
#include "engine/enginehost.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

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
    parser.addOption({ QStringLiteral("api-bind"),
        QStringLiteral(
            "Address the API listens on (default 127.0.0.1; anything else is reachable from other machines)."),
        QStringLiteral("address") });
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(error));
        return 2;
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
    auto ctx = AppContext::create(options, AppContext::Secrets::Keychain, QStringLiteral("gpufailoverd"));
    if (!ctx) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(ctx.error().message));
        return 1;
    }
    AppContext &c = **ctx;
    // One engine per set of pools: a second daemon (or GUI) on the same data dir must not drive them.
    EngineLock engineLock(options.dataDir);
    if (!engineLock.tryLock()) {
        std::fprintf(stderr, "gpufailoverd: %s already drives the pools of %s\n", qPrintable(engineLock.holder()),
            qPrintable(options.dataDir));
        return 4;
    }

    EngineHost::Options engineOptions;
    engineOptions.bind = bindAddress;
    engineOptions.port = options.apiPort;
    engineOptions.warn = [](const QString &text) { std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(text)); };
    auto engine = EngineHost::create(c, engineOptions);
    if (!engine) {
        std::fprintf(stderr, "gpufailoverd: %s\n", qPrintable(engine.error().message));
        return 1;
    }
    return (*engine)->serveUntilStopped("gpufailoverd");
}
