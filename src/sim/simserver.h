#pragma once

#include "core/result.h"
#include "sim/simgcpapi.h"
#include "sim/simmarket.h"
#include "sim/simvastapi.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

namespace gpufailover {

class Clock;
class HttpServer;

// The simulated cloud behind one HTTP port: the Vast.ai API under /api/, GCP's token endpoint at
// /token and Compute under /compute/v1/, and fault injection under /_sim/ (loopback only, no key). Used by
// gpufailover-sim, the demo and the tests.
class SimServer final : public QObject
{
    Q_OBJECT
public:
    // A key that looks like a Vast key; the simulator accepts it (and any added with addApiKey).
    static constexpr const char *kDefaultApiKey = "simvast-0123456789abcdef0123456789abcdef";

    SimServer(Clock *clock, SimOptions options, QObject *parent = nullptr);
    ~SimServer() override;

    Result<quint16> listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QUrl url() const;
    void addApiKey(const QString &key);
    // The S3 store served beside the clouds (gpufailover-sim --hosts-dir), for /_sim/credentials.
    struct ObjectStore
    {
        QString endpoint, bucket, caCertFile, accessKeyId, secretAccessKey;
    };
    void setObjectStore(ObjectStore store) { m_objectStore = std::move(store); }

    SimMarket &market() { return *m_market; }
    SimVastApi &vast() { return *m_vast; }
    SimGcpApi &gcp() { return *m_gcp; }

private:
    HttpReply handle(const HttpRequest &request);
    HttpReply control(const HttpRequest &request);

    Clock *m_clock;
    std::unique_ptr<SimMarket> m_market;
    std::unique_ptr<SimVastApi> m_vast;
    std::unique_ptr<SimGcpApi> m_gcp;
    std::unique_ptr<HttpServer> m_http;
    QStringList m_keys;
    QString m_serviceAccount; // the one /_sim/credentials hands out
    ObjectStore m_objectStore;
    quint16 m_port = 0;
};

} // namespace gpufailover
