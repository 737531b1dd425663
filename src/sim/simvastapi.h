#pragma once

#include "core/result.h"
#include "net/httpserver.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>

#include <optional>

namespace gpufailover {

class Clock;
class SimMarket;

// A way to make one endpoint (or all: "*") misbehave, for `count` requests (-1 = until cleared).
struct SimApiFault
{
    QString endpoint = QStringLiteral("*");
    // "401", "403", "429", "500", "502", "503", "504": that status with Vast's body;
    // "slow" (answer after delayMs), "hang" (never answer), "drop" (close the connection),
    // "stale" (instances frozen as they were), "malformed" (broken JSON), "endless" (a body that never ends),
    // "lost_reply" (the request takes effect, then the connection drops before the answer).
    QString mode;
    int count = -1;
    qint64 delayMs = 0;
};

// The Vast.ai REST API over the simulated market, with the real one's paths, bodies, errors
// and quirks.
class SimVastApi final : public QObject
{
    Q_OBJECT
public:
    SimVastApi(SimMarket *market, Clock *clock, QObject *parent = nullptr);

    // nullopt: not a Vast path.
    std::optional<HttpReply> handle(const HttpRequest &request);

    void setApiKeys(const QStringList &keys) { m_keys = QSet<QString>(keys.cbegin(), keys.cend()); }
    // Token bucket per endpoint and key, in simulated time.
    void setRateLimit(double perSecond, int burst);
    void addFault(const SimApiFault &fault);
    void clearFaults();
    QList<SimApiFault> faults() const { return m_faults; }
    int requestCount(const QString &endpoint) const { return m_counts.value(endpoint); }

    static QString endpointOf(const QByteArray &method, const QString &path);

    // The last requests as received, so tests can check what clients put in URLs and headers.
    struct RecordedRequest
    {
        QByteArray method;
        QString path;
        QString query;
        bool hadAuthorizationHeader = false;
    };
    const QList<RecordedRequest> &recentRequests() const { return m_recent; }

private:
    std::optional<HttpReply> applyFault(const QString &endpoint);
    bool rateLimited(const QString &endpoint, const QString &identity);
    QJsonObject instanceView(qint64 id, bool *found) const;

    HttpReply search(const QJsonObject &query);
    HttpReply create(qint64 offerId, const QJsonObject &body);
    HttpReply list(const HttpRequest &request);
    HttpReply show(qint64 id);
    HttpReply accountSsh(const QByteArray &method, qint64 keyId, const QJsonObject &body);
    HttpReply inBulk(const QJsonArray &ids, const std::function<Status(qint64)> &each);
    HttpReply manage(qint64 id, const QJsonObject &body);
    HttpReply searchVolumes(const QJsonObject &query);

    SimMarket *m_market;
    Clock *m_clock;
    QSet<QString> m_keys;
    double m_ratePerSecond = 20;
    int m_burst = 20;
    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    QHash<QString, Bucket> m_buckets;
    QList<SimApiFault> m_faults;
    std::optional<QHash<qint64, QJsonObject>> m_staleSnapshot;
    QHash<QString, int> m_counts;
    QList<RecordedRequest> m_recent;
};

} // namespace gpufailover
