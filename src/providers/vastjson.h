#pragma once

#include "core/cloudtypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace gpufailover::vast {

// What a list parser skipped: one malformed offer must not blind us to the other 9,999.
struct ParseReport
{
    int dropped = 0;
    QStringList problems; // the first few reasons, for the log
};

// The filters of POST /api/v0/bundles/, with the official CLI's defaults written out.
struct OfferQuery
{
    QStringList gpuNames; // empty = any; sent as {"in": [...]}
    int minGpus = 1; // num_gpus >= this
    double minReliability = 0; // 0 = no floor
    double maxDphTotal = 0; // 0 = no cap
    std::optional<qint64> machineId;
    QList<qint64> excludeMachines;
    bool verified = true; // CLI default; false = verification not required
    bool onDemand = true; // false = interruptible ("bid")
    int allocatedStorageGb = 5; // CLI default; prices depend on it
    double minDiskGb = 0;
    int limit = 64;
    QString orderBy = QStringLiteral("score");
    bool descending = true;

    QJsonObject toJson() const;
    // Server-side filters are not fully trustworthy: re-check locally.
    bool matches(const GpuOffer &offer) const;
};

struct InstancePage
{
    QList<CloudInstance> instances;
    QString nextToken; // empty = last page
    int totalInstances = 0;
};

// An error body: {"success":false,"error":"no_such_ask","msg":"..."}, {"detail":"..."},
// {"message":"..."} or plain text ("API requests too frequent").
struct ApiErrorBody
{
    QString error;
    QString message;
    qint64 newContract = 0; // a failed create that still created an instance says so here
};

Result<QJsonObject> parseObject(const QByteArray &body);
Result<QList<GpuOffer>> parseOffers(const QByteArray &body, ParseReport *report = nullptr);
// The same through QJsonDocument only (the reference the fast path is tested against).
Result<QList<GpuOffer>> parseOffersDom(const QByteArray &body, ParseReport *report = nullptr);
Result<GpuOffer> offerFromJson(const QJsonObject &o);
// GET /instances/{id}/: {"instances": {...}} or {"instances": null} (gone) → nullopt.
Result<std::optional<CloudInstance>> parseShowInstance(const QByteArray &body);
Result<CloudInstance> instanceFromJson(const QJsonObject &o);
Result<InstancePage> parseInstancePage(const QByteArray &body, ParseReport *report = nullptr);
Result<QList<CloudVolume>> parseVolumes(const QByteArray &body, ParseReport *report = nullptr);
Result<QList<VolumeOffer>> parseVolumeOffers(const QByteArray &body, ParseReport *report = nullptr);
Result<AccountInfo> parseAccount(const QByteArray &body);
ApiErrorBody parseErrorBody(const QByteArray &body);

// Direct public_ipaddr + ports["22/tcp"] when mapped, else ssh_host:ssh_port (+1 for jupyter).
std::optional<SshEndpoint> sshEndpoint(const QJsonObject &instance);

// Groups offers by machine_id; hosts ordered by per-GPU price, then reliability.
QList<HostGroup> groupByMachine(const QList<GpuOffer> &offers);

} // namespace gpufailover::vast
