// gpufailover-sim: the simulated cloud (Vast.ai + GCP) as a standalone server.
#include "core/clock.h"
#include "core/signalwatcher.h"
#include "sim/simserver.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace gpufailover;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailover-sim"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Simulated Vast.ai API for tests and demos. Point a client at the printed URL (e.g. VAST_URL=...). "
        "Faults: POST /_sim/instances/ID/{kill,hang,unhang,rerent,outbid}, /_sim/hosts/MACHINE/{kill,revive,release}, "
        "/_sim/faults {endpoint, mode, count, delay_ms}; GET /_sim/state."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ QStringLiteral("port"), QStringLiteral("Port to listen on (0 = any)."), QStringLiteral("port"),
        QStringLiteral("0") });
    parser.addOption({ QStringLiteral("seed"), QStringLiteral("Seed of the simulated marketplace."),
        QStringLiteral("n"), QStringLiteral("1") });
    parser.addOption({ QStringLiteral("hosts"), QStringLiteral("Number of machines in the market."),
        QStringLiteral("n"), QStringLiteral("40") });
    parser.addOption({ QStringLiteral("time-scale"),
        QStringLiteral("Simulated seconds per real second (100 = a 60 s start in 0.6 s)."), QStringLiteral("x"),
        QStringLiteral("1") });
    parser.addOption({ QStringLiteral("churn"),
        QStringLiteral("Probability per minute that another renter takes or frees a GPU on a host."),
        QStringLiteral("p"), QStringLiteral("0") });
    parser.process(app);

    bool ok = false;
    const double scale = parser.value(QStringLiteral("time-scale")).toDouble(&ok);
    const int port = parser.value(QStringLiteral("port")).toInt();
    if (!ok || scale <= 0 || port < 0 || port > 65535) {
        std::fprintf(stderr, "gpufailover-sim: --time-scale must be > 0 and --port 0..65535\n");
        return 2;
    }
    SystemClock clock(scale);
    SimOptions options;
    options.seed = parser.value(QStringLiteral("seed")).toUInt();
    options.hosts = qBound(1, parser.value(QStringLiteral("hosts")).toInt(), 5000);
    const double churn = parser.value(QStringLiteral("churn")).toDouble();
    options.churnTakeProbability = options.churnReleaseProbability = qBound(0.0, churn, 1.0);
    SimServer server(&clock, options);
    const auto bound = server.listen(QHostAddress::LocalHost, quint16(port));
    if (!bound) {
        std::fprintf(stderr, "gpufailover-sim: %s\n", qPrintable(bound.error().message));
        return 1;
    }
    std::printf("gpufailover-sim listening on http://127.0.0.1:%u (seed %u, %d hosts, time x%g)\n", unsigned(*bound),
        options.seed, options.hosts, scale);
    std::printf("api key: %s\n", SimServer::kDefaultApiKey);
    std::fflush(stdout);
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [] { QCoreApplication::quit(); });
    return app.exec();
}
