#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace gpufailover {

class AppContext;
struct PoolConfig;

// Whether keys work before anything is rented with them: the Vast.ai key against the account,
// the GCP service account against Compute Engine in its own project, the object store's keys
// and CA against the snapshot bucket (with restic, as the hosts will use it). Each check uses
// clients of its own, so the engine's are untouched; a wrong key is said in words that name
// what to fix, and nothing is saved or rented on the way.
class CredentialCheck final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(Result<QJsonObject>)>;
    struct Keys
    {
        std::optional<QString> vastApiKey, gcpServiceAccountJson, snapshotAccessKeyId, snapshotSecretAccessKey;
    };

    CredentialCheck(AppContext &context, QUrl vastUrl, QUrl gcpUrl, QObject *parent = nullptr);
    ~CredentialCheck() override;

    // The keys given, or with none given every saved one. A service without a key (snapshots:
    // without a target) is not asked. Answers what each service said ({"vast": {...}, ...}), or
    // the first refusal (Error::code: auth_error, gcp_refused, gcp_forbidden, no_bucket,
    // credentials, tls, wrong_password, unreachable, ...).
    void check(const Keys &given, QObject *context, Done done);
    // What a new pool will use, with the saved keys: the Vast.ai account, the GCP project only
    // when its strategy has a CPU standby, its own snapshot repository when snapshots are set.
    // Only a refusal fails it: a provider that cannot be asked now is no reason to leave a GPU
    // unprotected (its tier says so later).
    void checkPool(const PoolConfig &config, QObject *context, Done done);

private:
    struct Plan
    {
        std::optional<QString> vast, gcp, keyId, secret;
        QString password, poolPath;
        bool snapshots = true;
        bool outageIsNoRefusal = false; // a pool is created when a provider cannot be asked
    };
    void readSaved(Keys given, std::function<void(Keys, QString password)> done);
    void run(Plan plan, QJsonObject answered, QObject *context, Done done);
    void vast(const QString &key, QObject *context, Done done);
    void gcp(const QString &json, QObject *context, Done done);
    void snapshots(const Plan &plan, QObject *context, Done done);

    AppContext *m_context;
    QUrl m_vastUrl, m_gcpUrl;
    QNetworkAccessManager m_network;
};

} // namespace gpufailover
