#include "api/apiserver.h"

#include "api/apilogging.h"

#include "gpufailover/version.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>

namespace gpufailover {

ApiServer::ApiServer(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QHttpServer>())
{
    registerRoutes();
}

ApiServer::~ApiServer() = default;

void ApiServer::registerRoutes()
{
    // Unauthenticated on purpose: lets a supervisor or the CLI see that the daemon is up.
    m_server->route(QStringLiteral("/api/health"), QHttpServerRequest::Method::Get, [] {
        return QHttpServerResponse(QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") },
            { QStringLiteral("version"), QString::fromLatin1(kVersion) } });
    });
}

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_server->listen(address, port);
    if (bound == 0)
        return Error { QStringLiteral("listen_failed"),
            QStringLiteral("cannot listen on %1:%2 (port in use?)").arg(address.toString()).arg(port) };
    m_port = bound;
    qCInfo(lcApi) << "local API listening on" << address.toString() << bound;
    return bound;
}

} // namespace gpufailover
