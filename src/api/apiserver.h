#pragma once

#include "core/result.h"
#include "net/httpserver.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QRegularExpression>

#include <functional>
#include <memory>

namespace gpufailover {

class CloudProvider;
class CostTracker;
class CreditWatcher;
class Clock;
class Journal;
class PoolRegistry;
struct PoolConfig;
class SecretStore;
class Settings;
class WarmPool;

// The local REST API (the original design's /api/warmpool/ routes plus ours) and
// /metrics. Loopback only by default; every route but /api/health needs the bearer token; the
// Host header must name loopback (DNS rebinding); bodies are limited and strictly validated;
// mutating calls are journaled with their caller before they act.
class ApiServer final : public QObject
{
    Q_OBJECT
public:
    struct Services
    {
        Journal *journal = nullptr;
        Settings *settings = nullptr;
        Clock *clock = nullptr;
        CloudProvider *cloud = nullptr; // for host searches; may be null
        PoolRegistry *pools = nullptr;
        CostTracker *costs = nullptr; // may be null
        CreditWatcher *credit = nullptr; // may be null
        SecretStore *secrets = nullptr; // where credentials are saved; null: no credential routes
        // Checks keys with the providers the engine uses (the wizard's live checks, `credentials
        // check`): the credential fields given, or with none every saved key.
        std::function<void(const QJsonObject &given, QObject *context, std::function<void(Result<QJsonObject>)>)>
            checkCredentials;
        // Before a pool is created: whether the keys and targets it will use work, so that a
        // wrong one is said before anything is rented. Null: no check.
        std::function<void(const PoolConfig &config, QObject *context, std::function<void(Result<QJsonObject>)>)>
            checkPool;
        std::function<void()> credentialsSaved; // after PUT /api/credentials stored something
        // Before DELETE /api/credentials removes the keys: the engine takes its SSH key off the
        // provider's account and stops using the keys; answers how many account keys it removed.
        std::function<void(QObject *context, std::function<void(Result<int>)>)> credentialsWiping;
    };
    static constexpr qint64 kMaxBodyBytes = 1024 * 1024;

    ApiServer(Services services, QString token, QObject *parent = nullptr);
    ~ApiServer() override;

    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // The engine came up after the API did (its first key was saved through it): the routes that
    // answered 503 "no cloud provider" now reach it.
    void attachEngine(CloudProvider *cloud, PoolRegistry *pools, CostTracker *costs, CreditWatcher *credit);
    quint16 port() const { return m_port; }
    QString metricsText() const;
    // Every request's way in: checks (token, Host, body), routes, answers. The HTTP server calls
    // it; the fuzzer (fuzz/fuzz_api_request.cpp) calls it directly with arbitrary requests.
    void handle(const HttpRequest &request, HttpServer::Respond respond);

private:
    using Respond = HttpServer::Respond;
    struct Route
    {
        QByteArray method;
        QRegularExpression path;
        bool mutating;
        std::function<void(const HttpRequest &, const QRegularExpressionMatch &, const QJsonObject &, Respond)> handler;
    };

    void addRoute(const QByteArray &method, const QString &pattern, bool mutating,
        std::function<void(const HttpRequest &, const QRegularExpressionMatch &, const QJsonObject &, Respond)>
            handler);
    void registerRoutes();
    void registerCredentialRoutes(); // credentialroutes.cpp
    void watch(WarmPool *pool);
    void watchPools(); // every pool of the registry, and those it adds
    WarmPool *poolFor(const HttpRequest &request, const QString &id = {}) const;
    QJsonObject statusOf(const WarmPool &pool) const;
    QJsonValue instanceSeen(const WarmPool &pool, qint64 id) const;
    QJsonValue snapshotsOf(const QString &poolId) const; // null when the pool has no snapshot tier
    QJsonValue cpuStandbyOf(const QString &poolId) const; // null when the pool has no CPU standby
    QString activeTarget(const WarmPool &pool) const; // gpu, cpu or none
    QJsonObject costsJson(double idleFraction) const;

    Services m_s;
    QString m_token;
    std::unique_ptr<HttpServer> m_http;
    QList<Route> m_routes;
    quint16 m_port = 0;

    // Metrics, fed by the pools' signals.
    struct Histogram
    {
        // Seconds; the default suits failover steps.
        explicit Histogram(QList<double> upperBounds = { 1, 2, 5, 10, 20, 30, 60, 120, 300, 600 })
            : bounds(std::move(upperBounds))
            , counts(bounds.size(), 0)
        { }
        QList<double> bounds;
        QList<quint64> counts;
        quint64 total = 0;
        double sum = 0;
        void observe(double v);
    };
    QHash<QString, quint64> m_failovers; // "pool|outcome"
    QHash<QString, quint64> m_healthChecks; // "pool|verdict"
    QHash<QString, Histogram> m_recovery;
    QHash<QString, Histogram> m_detection;
    QHash<QString, Histogram> m_probes; // how long each SSH probe of a primary took
    QHash<QString, qint64> m_firstFailureMs; // pool -> clock ms of the first failing round of an episode
    QHash<QString, quint64> m_requests; // "method|route|status"
    struct Confirmation
    {
        QString token;
        qint64 expiresMs = 0;
    };
    QHash<QString, Confirmation> m_confirmations; // pool -> pending destroy confirmation
};

} // namespace gpufailover
