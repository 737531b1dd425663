// gpufailover-sim: the simulated cloud (Vast.ai + GCP) as a standalone server.
#include "core/clock.h"
#include "core/signalwatcher.h"
#include "sim/s3testserver.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

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
    parser.addOption({ QStringLiteral("hosts-dir"),
        QStringLiteral("Back every running instance and VM with a real sshd test host on loopback, each in its own "
                       "namespaces, accepting exactly the SSH keys given through the providers' APIs; their files "
                       "live under DIR (needs root). An S3 store (s3rver over TLS) for the snapshots runs beside "
                       "them when s3rver is installed."),
        QStringLiteral("dir") });
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
    // Real hosts stand in for the machines: what the engine puts on an instance through SSH,
    // and which keys it may use, is then what it would be on the real cloud.
    std::unique_ptr<SimRealHosts> realHosts;
    std::unique_ptr<S3TestServer> objectStore;
    if (parser.isSet(QStringLiteral("hosts-dir"))) {
        QString why;
        if (!SshTestHost::supported(&why)) {
            std::fprintf(stderr, "gpufailover-sim: --hosts-dir: %s\n", qPrintable(why));
            return 1;
        }
        const QString dir = QDir(parser.value(QStringLiteral("hosts-dir"))).absolutePath();
        if (!QDir().mkpath(dir)) {
            std::fprintf(stderr, "gpufailover-sim: cannot create %s\n", qPrintable(dir));
            return 1;
        }
        realHosts = std::make_unique<SimRealHosts>(&server.market(), dir, QStringList {});
        realHosts->backGcp(&server.gcp());
        // The object store a user would rent for the snapshots, on loopback; the hosts reach it
        // as their own restic would reach B2 or R2.
        if (S3TestServer::supported(&why)) {
            const QString s3dir = QDir(dir).filePath(QStringLiteral("s3"));
            QDir().mkpath(s3dir);
            objectStore = std::make_unique<S3TestServer>(S3TestServer::Options { s3dir });
            if (const Status s = objectStore->start(); !s) {
                std::fprintf(
                    stderr, "gpufailover-sim: the S3 store did not start: %s\n", qPrintable(s.error().message));
                return 1;
            }
            server.setObjectStore({ objectStore->endpoint(), QStringLiteral("gpufailover"), objectStore->caCertFile(),
                S3TestServer::accessKeyId(), S3TestServer::secretAccessKey() });
        } else {
            std::fprintf(stderr, "gpufailover-sim: no S3 store: %s\n", qPrintable(why));
        }
    }
    std::printf("gpufailover-sim listening on http://127.0.0.1:%u (seed %u, %d hosts, time x%g)\n", unsigned(*bound),
        options.seed, options.hosts, scale);
    std::printf("vast: http://127.0.0.1:%u\n", unsigned(*bound));
    std::printf("api key: %s\n", SimServer::kDefaultApiKey);
    std::printf("gcp: http://127.0.0.1:%u (a service-account key: POST /_sim/gcp/service-account)\n", unsigned(*bound));
    std::printf("ssh hosts: %s\n",
        realHosts ? qPrintable(QStringLiteral("real sshd hosts on 127.0.0.1 under %1")
                                   .arg(QDir(parser.value(QStringLiteral("hosts-dir"))).absolutePath()))
                  : "none (instances report SSH endpoints nobody answers; --hosts-dir backs them)");
    if (objectStore)
        std::printf("s3: %s bucket gpufailover ca %s (keys: GET /_sim/credentials)\n",
            qPrintable(objectStore->endpoint()), qPrintable(objectStore->caCertFile()));
    std::fflush(stdout);
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &app, [] { QCoreApplication::quit(); });
    const int rc = app.exec();
    realHosts.reset(); // the hosts and the store go down with the simulator, not after it
    objectStore.reset();
    return rc;
}
