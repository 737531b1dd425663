#pragma once

#include "core/result.h"
#include "providers/gcpauth.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace gpufailover {

class Clock;

// Stable error codes of GcpClient results (Error::code).
namespace gcperr {
inline const QString NoAccount = QStringLiteral("no_service_account");
inline const QString Auth = QStringLiteral("auth_error"); // token refused, or 401 after one refresh
inline const QString NoCapacity = QStringLiteral("no_capacity"); // stockout in every zone tried
inline const QString Quota = QStringLiteral("quota_exceeded");
inline const QString NotFound = QStringLiteral("not_found");
inline const QString AlreadyExists = QStringLiteral("already_exists");
inline const QString RateLimited = QStringLiteral("rate_limited");
inline const QString Server = QStringLiteral("server_error");
inline const QString Timeout = QStringLiteral("timeout");
inline const QString Network = QStringLiteral("network_error");
inline const QString BadResponse = QStringLiteral("bad_response");
inline const QString OperationFailed = QStringLiteral("operation_failed");
} // namespace gcperr

struct GcpClientConfig
{
    QUrl computeUrl = QUrl(QStringLiteral("https://compute.googleapis.com"));
    int transferTimeoutMs = 30000;
    int totalTimeoutMs = 120000;
    int maxAttempts = 4; // 429, 5xx and rate limits; 401 gets exactly one token refresh
    qint64 backoffBaseMs = 500; // clock ms, doubled each time, plus jitter
    qint64 backoffCapMs = 60000;
    qint64 operationPollMs = 2000; // clock ms between polls of an operation
    qint64 operationDeadlineMs = 600000; // clock ms an operation may take
    qint64 refreshBeforeMs = 225000; // refresh a token with less than 3 min 45 s left (google-auth)
};

// What we ask for: an e2-medium Spot VM with our SSH key.
struct GcpVmSpec
{
    QString name;
    QString machineType = QStringLiteral("e2-medium");
    bool spot = true;
    QString sourceImage = QStringLiteral("projects/debian-cloud/global/images/family/debian-12");
    int diskGb = 20;
    QString sshUser = QStringLiteral("gpufailover");
    QString sshPublicKey;
    QString startupScript;
    QJsonObject labels;
};

struct GcpVm
{
    QString name, zone, id;
    QString status; // PROVISIONING, STAGING, RUNNING, STOPPING, TERMINATED, ...
    QString statusMessage;
    QString natIp; // empty until an address is assigned (and after a stop)
    int sshPort = 22;
    bool spot = false;
    QJsonObject labels;
    bool running() const { return status == u"RUNNING" && !natIp.isEmpty(); }
};

// Client of GCP Compute v1 with service-account OAuth. The key's
// private half signs an RS256 JWT that buys an access token, cached and refreshed before it
// expires; a 401 gets one refresh. Every mutation is an operation polled to DONE, its errors
// surfaced; a stockout moves on to the next allowed zone. Asynchronous; results typed.
class GcpClient final : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    GcpClient(QNetworkAccessManager *nam, Clock *clock, GcpClientConfig config = {}, QObject *parent = nullptr);
    ~GcpClient() override;

    void setServiceAccount(const GcpServiceAccount &account);
    const GcpServiceAccount &serviceAccount() const { return m_account; }
    void accessToken(QObject *context, Done<QString> done);

    // In the first of `zones` with room: ZONE_RESOURCE_POOL_EXHAUSTED moves on to the next.
    void createVm(const GcpVmSpec &spec, const QStringList &zones, QObject *context, Done<GcpVm> done);
    void getVm(const QString &zone, const QString &name, QObject *context, Done<std::optional<GcpVm>> done);
    void listVms(const QString &zone, const QString &labelKey, const QString &labelValue, QObject *context,
        Done<QList<GcpVm>> done);
    void startVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done);
    void stopVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done);
    void deleteVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done); // gone = done
    // Whether the zone's operations show a Spot preemption of that VM.
    void wasPreempted(const QString &zone, const QString &name, QObject *context, Done<bool> done);

    int tokenRequests() const { return m_tokenRequests; }
    static GcpVm parseVm(const QJsonObject &o);
    static QJsonObject insertBody(const GcpVmSpec &spec, const QString &zone);

private:
    struct Call
    {
        QByteArray method = "GET";
        QString path; // after /compute/v1/projects/<project>/
        QUrlQuery query;
        std::optional<QJsonObject> body;
    };
    void send(const Call &call, QPointer<QObject> context, bool hasContext, int attempt, bool refreshed,
        Done<QJsonObject> done);
    void operation(const QString &zone, const QJsonObject &op, Done<QJsonObject> done);
    void mutate(const QString &zone, const QString &name, const QByteArray &method, const QString &verb,
        QObject *context, Done<Unit> done);
    void createIn(GcpVmSpec spec, QStringList zones, int index, QString requestId, QPointer<QObject> context,
        bool hasContext, Done<GcpVm> done);
    void after(qint64 ms, std::function<void()> fn);
    qint64 backoffMs(int attempt) const;

    QNetworkAccessManager *m_nam;
    Clock *m_clock;
    GcpClientConfig m_config;
    GcpServiceAccount m_account;
    QString m_token;
    qint64 m_tokenExpiresMs = 0; // clock monotonic ms
    QList<Done<QString>> m_tokenWaiters; // one token request at a time
    int m_tokenRequests = 0;
};

} // namespace gpufailover
