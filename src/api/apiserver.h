#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QHttpServer;

namespace gpufailover {

// The local REST API (design.md §3). Binds loopback by default.
class ApiServer final : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(QObject *parent = nullptr);
    ~ApiServer() override;

    // Returns the port actually bound (useful with port 0).
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }

private:
    void registerRoutes();

    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
};

} // namespace gpufailover
