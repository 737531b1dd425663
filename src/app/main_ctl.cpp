// gpufailoverctl: command-line client of the local REST API.
#include "core/commonoptions.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cstdio>

using namespace gpufailover;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailoverctl"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Command-line client of the GPU Failover local API."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions::addTo(parser, false);
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("health"));
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    const QStringList args = parser.positionalArguments();
    if (!error.isEmpty() || args.size() != 1 || args.first() != u"health") {
        std::fprintf(stderr, "gpufailoverctl: %s\n",
            error.isEmpty() ? "usage: gpufailoverctl [options] health" : qPrintable(error));
        return 2;
    }
    const int port = options.apiPort >= 0 ? options.apiPort : 47615;
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/api/health").arg(port)));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (reply->error() != QNetworkReply::NoError) {
        std::fprintf(
            stderr, "gpufailoverctl: daemon not reachable on port %d: %s\n", port, qPrintable(reply->errorString()));
        return 3;
    }
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    std::printf("%s (version %s)\n", qPrintable(o.value(QStringLiteral("status")).toString()),
        qPrintable(o.value(QStringLiteral("version")).toString()));
    return 0;
}
