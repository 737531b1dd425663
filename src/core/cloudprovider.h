#pragma once

#include "core/cloudtypes.h"
#include "core/healthsample.h"
#include "core/result.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace gpufailover {

// Error codes a CloudProvider's results carry (Error::code), shared by every provider.
namespace clouderr {
inline const QString Auth = QStringLiteral("auth_error");
inline const QString RateLimited = QStringLiteral("rate_limited");
inline const QString Network = QStringLiteral("network_error");
inline const QString Timeout = QStringLiteral("timeout");
inline const QString Server = QStringLiteral("server_error");
inline const QString OfferGone = QStringLiteral("offer_gone");
inline const QString NotFound = QStringLiteral("not_found");
inline const QString NoCapacity = QStringLiteral("no_capacity");
// Errors that say nothing about the instance, only about our link to the provider.
inline bool isTransient(const QString &code)
{
    return code == Network || code == Timeout || code == Server || code == RateLimited;
}
} // namespace clouderr

struct HostQuery
{
    QStringList gpuNames; // in order of preference; empty = any
    int minFreeGpus = 2;
    double maxPricePerGpuHour = 0; // 0 = no cap
    double minReliability = 0;
    QList<qint64> excludeMachines;
};

struct RentRequest
{
    QString label; // unique: how a lost create is found again
    QString image;
    int diskGb = 20;
    QString onstart;
    QJsonObject env;
    qint64 volumeId = 0; // attach this existing volume...
    int newVolumeSizeGb = 0; // ...or create one of this size with the instance (0 = none)
    QString volumeName;
    QString mountPath = QStringLiteral("/workspace");
    QStringList sshPublicKeys; // attached to the new instance
    bool startStopped = false; // a warm standby is rented stopped: it must never write to the volume
};

// What the engine needs from a GPU cloud (Vast.ai today). Asynchronous; results typed.
class CloudProvider
{
public:
    template <typename T> using Done = std::function<void(Result<T>)>;
    virtual ~CloudProvider() = default;

    virtual void findHosts(const HostQuery &query, QObject *context, Done<QList<HostGroup>> done) = 0;
    // Rents one GPU on that machine (its cheapest 1-GPU offer), attaching or creating a volume.
    virtual void rentOnMachine(qint64 machineId, const RentRequest &request, QObject *context, Done<qint64> done) = 0;
    virtual void instance(qint64 id, QObject *context, Done<std::optional<CloudInstance>> done) = 0;
    virtual void listInstances(QObject *context, Done<QList<CloudInstance>> done) = 0;
    virtual void start(qint64 id, QObject *context, Done<Unit> done) = 0;
    virtual void stop(qint64 id, QObject *context, Done<Unit> done) = 0;
    virtual void destroy(qint64 id, QObject *context, Done<Unit> done) = 0;
    virtual void deleteVolume(qint64 id, QObject *context, Done<Unit> done) = 0;
    // GPUs free on one machine right now (0 when offline).
    virtual void freeGpus(qint64 machineId, QObject *context, Done<int> done) = 0;
    // The account, with its prepaid credit: at zero the provider stops the instances.
    virtual void account(QObject *context, Done<AccountInfo> done) = 0;
};

// What the engine needs from the rented machines themselves (SSH today).
class InstanceAccess
{
public:
    virtual ~InstanceAccess() = default;
    virtual void probe(
        const SshEndpoint &endpoint, qint64 timeoutMs, QObject *context, std::function<void(HealthSample)> done)
        = 0;
    // Runs a command; a non-zero exit is an error carrying stderr.
    virtual void run(const SshEndpoint &endpoint, const QString &command, qint64 timeoutMs, QObject *context,
        std::function<void(Result<QByteArray>)> done)
        = 0;
};

} // namespace gpufailover
