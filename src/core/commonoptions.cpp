#include "core/commonoptions.h"

#include <QDir>
#include <QStandardPaths>

#include <cstring>

namespace gpufailover {

void CommonOptions::addTo(QCommandLineParser &parser)
{
    parser.addOption({ QStringLiteral("config-dir"),
        QStringLiteral("Settings directory (default %1).").arg(defaultConfigDir()), QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("data-dir"),
        QStringLiteral("Journal and log directory (default %1).").arg(defaultDataDir()), QStringLiteral("dir") });
    parser.addOption({ QStringLiteral("vast-url"), QStringLiteral("Vast.ai API base URL (e.g. a simulator)."),
        QStringLiteral("url") });
    parser.addOption(
        { QStringLiteral("gcp-url"), QStringLiteral("GCP API base URL (e.g. a simulator)."), QStringLiteral("url") });
    parser.addOption({ QStringLiteral("api-port"), QStringLiteral("Local REST API port (0 = any free port)."),
        QStringLiteral("port") });
}

CommonOptions CommonOptions::from(const QCommandLineParser &parser, QString *error)
{
    CommonOptions o;
    o.configDir
        = parser.isSet(QStringLiteral("config-dir")) ? parser.value(QStringLiteral("config-dir")) : defaultConfigDir();
    o.dataDir = parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir")) : defaultDataDir();
    const auto url = [&](const QString &name, QUrl &out) {
        if (!parser.isSet(name))
            return;
        out = QUrl(parser.value(name), QUrl::StrictMode);
        if (!out.isValid() || (out.scheme() != u"http" && out.scheme() != u"https")) {
            if (error)
                *error = QStringLiteral("--%1: not an http(s) URL: %2").arg(name, parser.value(name));
            out = QUrl();
        }
    };
    url(QStringLiteral("vast-url"), o.vastUrl);
    url(QStringLiteral("gcp-url"), o.gcpUrl);
    if (parser.isSet(QStringLiteral("api-port"))) {
        bool ok = false;
        const int port = parser.value(QStringLiteral("api-port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535) {
            if (error)
                *error = QStringLiteral("--api-port: expected 0..65535, got %1")
                             .arg(parser.value(QStringLiteral("api-port")));
        } else {
            o.apiPort = port;
        }
    }
    o.configDir = QDir(o.configDir).absolutePath();
    o.dataDir = QDir(o.dataDir).absolutePath();
    return o;
}

QString CommonOptions::defaultConfigDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/gpufailover");
}

QString CommonOptions::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/gpufailover");
}

bool wantsHelpOrVersion(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : { "--help", "-h", "--help-all", "--version", "-v", "-?" }) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace gpufailover
