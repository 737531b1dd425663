#pragma once

#include "core/cloudtypes.h"
#include "core/result.h"
#include "providers/vastjson.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace gpufailover {

class Clock;

// Stable error codes of VastClient results (Error::code).
namespace vasterr {
inline const QString NoApiKey = QStringLiteral("no_api_key");
inline const QString Auth = QStringLiteral("auth_error"); // 401/403: bad key, never a dead instance
inline const QString OfferGone = QStringLiteral("offer_gone"); // 404/410 no_such_ask: rent the next offer
inline const QString NotFound = QStringLiteral("not_found");
inline const QString RateLimited = QStringLiteral("rate_limited"); // 429 after our own backoff
inline const QString Server = QStringLiteral("server_error"); // 5xx after retries
inline const QString Timeout = QStringLiteral("timeout");
inline const QString Network = QStringLiteral("network_error");
inline const QString BadResponse = QStringLiteral("bad_response"); // malformed or unexpected JSON
inline const QString TooLarge = QStringLiteral("response_too_large");
inline const QString InvalidArgs = QStringLiteral("invalid_args");
inline const QString Credit = QStringLiteral("insufficient_credit");
inline const QString Deprecated = QStringLiteral("deprecated_endpoint");
inline const QString Http = QStringLiteral("http_error");
} // namespace vasterr

struct VastClientConfig
{
    QUrl baseUrl = QUrl(QStringLiteral("https://console.vast.ai"));
    int transferTimeoutMs = 30000; // real ms without progress before a call is abandoned
    int totalTimeoutMs = 120000; // real ms for the whole answer, even if it trickles
    int maxAttempts = 4; // for retryable failures (429 always; 5xx/timeouts when idempotent)
    qint64 backoffBaseMs = 150; // clock ms; the official CLI's 0.15 s × 1.5^n, plus jitter
    double backoffFactor = 1.5;
    qint64 backoffCapMs = 10000;
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    qint64 maxSearchBodyBytes = 64 * 1024 * 1024; // a page of 10,000 offers is ~15 MB
    quint32 jitterSeed = 0; // 0 = random
};

struct VolumeAttachment
{
    bool createNew = false;
    qint64 id = 0; // createNew: the volume *offer* id; else the volume id
    int sizeGb = 0; // createNew only
    QString name; // createNew only
    QString mountPath = QStringLiteral("/workspace");
};

struct CreateInstanceRequest
{
    QString image;
    int diskGb = 10;
    QString label; // required and unique: how a lost create is found again
    QString onstart;
    QString runtype = QStringLiteral("ssh_direc ssh_proxy");
    QJsonObject env;
    std::optional<double> bidPrice; // present = interruptible
    std::optional<bool> cancelUnavail;
    QString targetState = QStringLiteral("running");
    std::optional<VolumeAttachment> volume;

    QJsonObject toJson() const;
};

// Client of the Vast.ai REST API. Asynchronous; every result is
// typed. The key travels only in the Authorization header and is never logged.
class VastClient final : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    enum class Endpoint { Search, Create, Show, List, Manage, Destroy, Volumes, Ssh, User };

    VastClient(QNetworkAccessManager *nam, Clock *clock, VastClientConfig config = {}, QObject *parent = nullptr);
    ~VastClient() override;

    void setApiKey(const QString &key) { m_apiKey = key; }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    // Minimum clock ms between two calls to one endpoint (the API limits each one separately).
    void setMinInterval(Endpoint endpoint, qint64 ms) { m_minIntervalMs[int(endpoint)] = ms; }
    const VastClientConfig &config() const { return m_config; }

    void searchOffers(const vast::OfferQuery &query, QObject *context, Done<QList<GpuOffer>> done);
    void searchHosts(const vast::OfferQuery &query, QObject *context, Done<QList<HostGroup>> done);

    void createInstance(qint64 offerId, const CreateInstanceRequest &request, QObject *context, Done<qint64> done);
    // nullopt: the instance does not exist (destroyed or never was).
    void showInstance(qint64 id, QObject *context, Done<std::optional<CloudInstance>> done);
    // Every instance of the account through the v1 list (never the dead v0 one), all pages.
    void listInstances(QObject *context, Done<QList<CloudInstance>> done, const QString &labelEquals = {});
    void findByLabel(const QString &label, QObject *context, Done<std::optional<CloudInstance>> done);
    void startInstance(qint64 id, QObject *context, Done<Unit> done);
    void stopInstance(qint64 id, QObject *context, Done<Unit> done);
    void rebootInstance(qint64 id, QObject *context, Done<Unit> done);
    // Already gone counts as done.
    void destroyInstance(qint64 id, QObject *context, Done<Unit> done);
    void attachSshKey(qint64 id, const QString &publicKey, QObject *context, Done<Unit> done);
    // Registers the key on the account unless the same key material is there already; answers
    // its id on the account. Account keys reach only instances created later (attach per instance).
    void ensureAccountKey(const QString &publicKey, QObject *context, Done<qint64> done);
    // Deletes every account key with this key material; answers how many there were (0: none).
    void removeAccountKey(const QString &publicKey, QObject *context, Done<int> done);

    void searchVolumeOffers(std::optional<qint64> machineId, QObject *context, Done<QList<VolumeOffer>> done);
    void createVolume(qint64 volumeOfferId, int sizeGb, const QString &name, QObject *context, Done<qint64> done);
    void listVolumes(QObject *context, Done<QList<CloudVolume>> done);
    void deleteVolume(qint64 id, QObject *context, Done<Unit> done);

    void currentUser(QObject *context, Done<AccountInfo> done);

    struct Response
    {
        int status = 0;
        QByteArray body;
    };
    struct Call
    {
        QByteArray method;
        QString path; // relative to the base URL, e.g. "/api/v0/instances/12/"
        QUrlQuery query;
        std::optional<QJsonObject> body;
        Endpoint endpoint = Endpoint::Show;
        bool idempotent = true;
        qint64 maxBody = 0; // 0 = config default
    };
    // One HTTP exchange with pacing, timeouts, size cap and retries; errors already typed.
    void send(const Call &call, QObject *context, Done<Response> done);

    // Counters for tests and metrics.
    int requestsSent() const { return m_requestsSent; }

private:
    void attempt(std::shared_ptr<struct PendingCall> pending);
    void finish(std::shared_ptr<struct PendingCall> pending, Result<Response> result);
    qint64 reserveSlot(Endpoint endpoint);
    qint64 backoffMs(int attempt);
    void afterMs(qint64 ms, std::function<void()> fn);
    void createAttempt(qint64 offerId, CreateInstanceRequest request, int attempt, QPointer<QObject> context,
        bool hasContext, Done<qint64> done);
    void listPage(QString after, QList<CloudInstance> acc, QString labelEquals, QPointer<QObject> context,
        bool hasContext, Done<QList<CloudInstance>> done);
    void simpleCall(const Call &call, QObject *context, Done<Unit> done, bool goneIsOk = false);
    void deleteAccountKeys(QList<qint64> ids, int index, QObject *context, Done<int> done);

    QNetworkAccessManager *m_nam;
    Clock *m_clock;
    VastClientConfig m_config;
    QString m_apiKey;
    QHash<int, qint64> m_minIntervalMs;
    QHash<int, qint64> m_nextSlot;
    QRandomGenerator m_rng;
    int m_requestsSent = 0;
};

} // namespace gpufailover
