#pragma once

#include "core/cloudprovider.h"

namespace gpufailover {

class VastClient;

// CloudProvider over the Vast.ai API.
class VastCloudProvider final : public QObject, public CloudProvider
{
    Q_OBJECT
public:
    VastCloudProvider(VastClient *client, QObject *parent = nullptr);

    void findHosts(const HostQuery &query, QObject *context, Done<QList<HostGroup>> done) override;
    void rentOnMachine(qint64 machineId, const RentRequest &request, QObject *context, Done<qint64> done) override;
    void instance(qint64 id, QObject *context, Done<std::optional<CloudInstance>> done) override;
    void listInstances(QObject *context, Done<QList<CloudInstance>> done) override;
    void start(qint64 id, QObject *context, Done<Unit> done) override;
    void stop(qint64 id, QObject *context, Done<Unit> done) override;
    void destroy(qint64 id, QObject *context, Done<Unit> done) override;
    void deleteVolume(qint64 id, QObject *context, Done<Unit> done) override;
    void freeGpus(qint64 machineId, QObject *context, Done<int> done) override;
    void account(QObject *context, Done<AccountInfo> done) override;

    // The engine's own public key: attached to every instance it rents, whatever the pool asks.
    void setEngineKey(const QString &publicKey) { m_engineKey = publicKey.trimmed(); }

private:
    VastClient *m_client;
    QString m_engineKey;
};

} // namespace gpufailover
