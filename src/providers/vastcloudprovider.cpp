#include "providers/vastcloudprovider.h"

#include "providers/vastclient.h"

#include <QPointer>

namespace gpufailover {

VastCloudProvider::VastCloudProvider(VastClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

void VastCloudProvider::findHosts(const HostQuery &query, QObject *context, Done<QList<HostGroup>> done)
{
    vast::OfferQuery q;
    q.gpuNames = query.gpuNames;
    q.minGpus = query.minFreeGpus;
    q.minReliability = query.minReliability;
    q.excludeMachines = query.excludeMachines;
    q.limit = 500;
    q.orderBy = QStringLiteral("dph_total");
    q.descending = false;
    m_client->searchHosts(q, context, [query, done = std::move(done)](Result<QList<HostGroup>> r) {
        if (!r)
            return done(r.error());
        QList<HostGroup> kept;
        for (const HostGroup &h : *r) {
            if (h.freeGpus >= query.minFreeGpus
                && (query.maxPricePerGpuHour <= 0 || h.pricePerGpuHour <= query.maxPricePerGpuHour))
                kept.append(h);
        }
        // Preferred models first, then price and reliability (groupByMachine's order).
        std::stable_sort(kept.begin(), kept.end(), [&](const HostGroup &a, const HostGroup &b) {
            const auto rank = [&](const HostGroup &h) {
                const qsizetype i = query.gpuNames.indexOf(h.gpuName);
                return i < 0 ? query.gpuNames.size() : i;
            };
            return rank(a) < rank(b);
        });
        done(kept);
    });
}

void VastCloudProvider::rentOnMachine(qint64 machineId, const RentRequest &request, QObject *context, Done<qint64> done)
{
    vast::OfferQuery q;
    q.machineId = machineId;
    q.minGpus = 1;
    q.verified = false; // the machine was chosen already; do not filter it out here
    q.orderBy = QStringLiteral("dph_total");
    q.descending = false;
    QPointer<QObject> ctx(context);
    m_client->searchOffers(
        q, context, [this, ctx, hasCtx = context != nullptr, machineId, request, done](Result<QList<GpuOffer>> r) {
            if (hasCtx && !ctx)
                return;
            if (!r)
                return done(r.error());
            const GpuOffer *single = nullptr;
            for (const GpuOffer &o : *r) {
                if (o.numGpus == 1 && o.machineId == machineId) {
                    single = &o;
                    break;
                }
            }
            if (!single)
                return done(
                    Error { clouderr::NoCapacity, QStringLiteral("machine %1 has no free GPU").arg(machineId) });
            CreateInstanceRequest c;
            c.image = request.image;
            c.diskGb = request.diskGb;
            c.label = request.label;
            c.onstart = request.onstart;
            c.env = request.env;
            if (request.startStopped)
                c.targetState = QStringLiteral("stopped");
            if (request.volumeId)
                c.volume = VolumeAttachment { false, request.volumeId, 0, {}, request.mountPath };
            else if (request.newVolumeSizeGb > 0)
                c.volume = VolumeAttachment { true, single->volumeOfferId, request.newVolumeSizeGb, request.volumeName,
                    request.mountPath };
            QStringList keys = request.sshPublicKeys;
            if (!m_engineKey.isEmpty() && !keys.contains(m_engineKey))
                keys.append(m_engineKey);
            m_client->createInstance(single->id, c, ctx, [this, ctx, hasCtx, keys, done](Result<qint64> created) {
                if (hasCtx && !ctx)
                    return;
                if (!created || keys.isEmpty())
                    return done(created);
                // Account keys are not retroactive on Vast: attach ours to the instance itself.
                auto remaining = std::make_shared<int>(int(keys.size()));
                auto failure = std::make_shared<std::optional<Error>>();
                for (const QString &k : keys) {
                    m_client->attachSshKey(*created, k, ctx, [remaining, failure, id = *created, done](Result<Unit> a) {
                        if (!a && !*failure)
                            *failure = a.error();
                        if (--*remaining == 0)
                            done(*failure ? Result<qint64>(**failure) : Result<qint64>(id));
                    });
                }
            });
        });
}

void VastCloudProvider::instance(qint64 id, QObject *context, Done<std::optional<CloudInstance>> done)
{
    m_client->showInstance(id, context, std::move(done));
}

void VastCloudProvider::listInstances(QObject *context, Done<QList<CloudInstance>> done)
{
    m_client->listInstances(context, std::move(done));
}

void VastCloudProvider::start(qint64 id, QObject *context, Done<Unit> done)
{
    m_client->startInstance(id, context, std::move(done));
}

void VastCloudProvider::stop(qint64 id, QObject *context, Done<Unit> done)
{
    m_client->stopInstance(id, context, std::move(done));
}

void VastCloudProvider::destroy(qint64 id, QObject *context, Done<Unit> done)
{
    m_client->destroyInstance(id, context, std::move(done));
}

void VastCloudProvider::deleteVolume(qint64 id, QObject *context, Done<Unit> done)
{
    m_client->deleteVolume(id, context, std::move(done));
}

void VastCloudProvider::account(QObject *context, Done<AccountInfo> done)
{
    m_client->currentUser(context, std::move(done));
}

void VastCloudProvider::freeGpus(qint64 machineId, QObject *context, Done<int> done)
{
    vast::OfferQuery q;
    q.machineId = machineId;
    q.minGpus = 1;
    q.verified = false;
    m_client->searchOffers(q, context, [done = std::move(done)](Result<QList<GpuOffer>> r) {
        if (!r)
            return done(r.error());
        int free = 0;
        for (const GpuOffer &o : *r)
            free = qMax(free, o.numGpus);
        done(free);
    });
}

} // namespace gpufailover
