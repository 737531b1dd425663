// gpufailover-sim: the simulated cloud (Vast.ai + GCP) as a standalone server.
#include "core/signalwatcher.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>

#include <cstdio>

using namespace gpufailover;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailover-sim"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Simulated Vast.ai and GCP APIs for tests and demos."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("port"), QStringLiteral("Port to listen on (0 = any)."), QStringLiteral("port"),
        QStringLiteral("0") });
    parser.addOption({ QStringLiteral("seed"), QStringLiteral("Seed of the simulated marketplace."),
        QStringLiteral("n"), QStringLiteral("1") });
    parser.process(app);

    QHttpServer server;
    server.route(QStringLiteral("/_sim/health"), [] {
        return QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") } };
    });
    const quint16 port = server.listen(QHostAddress::LocalHost, quint16(parser.value(QStringLiteral("port")).toUInt()));
    if (port == 0) {
        std::fprintf(stderr, "gpufailover-sim: cannot listen\n");
        return 1;
    }
    std::printf("gpufailover-sim listening on http://127.0.0.1:%u\n", unsigned(port));
    std::fflush(stdout);
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [] { QCoreApplication::quit(); });
    return app.exec();
}
