#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace gpufailover {

// A rentable bundle of GPUs on one Vast.ai machine (one row of POST /bundles/).
struct GpuOffer
{
    qint64 id = 0;
    qint64 machineId = 0;
    qint64 hostId = 0;
    int numGpus = 0;
    QString gpuName;
    int gpuRamMb = 0;
    double dphBase = 0; // $/h for the GPUs
    double dphTotal = 0; // $/h including the storage asked for
    double storageCost = 0; // $/GB-month
    double minBid = 0;
    double reliability = 0;
    bool verified = false;
    bool rentable = false;
    bool rented = false;
    QString geolocation;
    double diskSpaceGb = 0;
    double inetUpMbps = 0, inetDownMbps = 0;
    double inetUpCostPerGb = 0, inetDownCostPerGb = 0;
    double cudaMaxGood = 0;
    int computeCap = 0;
    int directPortCount = 0;
    qint64 endDate = 0; // unix seconds; 0 = unknown
    qint64 volumeOfferId = 0; // avail_vol_ask_id: the volume offer on the same machine
    double score = 0;
};

// Offers grouped by machine: what a warm pool needs is "this machine has N free GPUs".
struct HostGroup
{
    qint64 machineId = 0;
    QString gpuName;
    int freeGpus = 0; // the largest bundle offered = GPUs free right now
    double pricePerGpuHour = 0; // cheapest per-GPU $/h among its offers
    double reliability = 0;
    QString geolocation;
    bool verified = false;
    qint64 volumeOfferId = 0;
    QList<GpuOffer> offers; // cheapest first
};

struct SshEndpoint
{
    QString host;
    int port = 0;
    bool direct = false; // public_ipaddr + mapped port, as opposed to Vast's ssh proxy
    QString user = QStringLiteral("root"); // Vast logs in as root; a GCP VM as the user of its ssh-keys
};

struct CloudInstance
{
    qint64 id = 0;
    qint64 machineId = 0;
    QString label;
    QString actualStatus; // null → empty; created/loading/running/stopped/exited/offline/unknown...
    QString intendedStatus; // running/stopped/frozen
    QString curState; // running/stopped/unloaded
    QString nextState;
    QString statusMsg;
    QString gpuName;
    int numGpus = 0;
    double dphTotal = 0;
    double storageCostPerHour = 0;
    double storageCostPerGbMonth = 0; // the host's storage price, which its volumes pay too
    bool isBid = false;
    QString image;
    QString runtype;
    QString publicIp; // trimmed
    std::optional<SshEndpoint> ssh;
    qint64 startDate = 0; // unix seconds
    qint64 endDate = 0;
    QList<qint64> volumeIds;
    QJsonObject raw; // the provider's object, for diagnostics (never holds our secrets)
};

struct CloudVolume
{
    qint64 id = 0;
    qint64 machineId = 0;
    QString name;
    double sizeGb = 0;
    QString status;
    QList<qint64> instanceIds;
};

struct VolumeOffer
{
    qint64 id = 0;
    qint64 machineId = 0;
    double maxSizeGb = 0;
    double storageCost = 0; // $/GB-month
    double reliability = 0;
    QString geolocation;
};

struct AccountInfo
{
    qint64 id = 0;
    QString email;
    double credit = 0;
    std::optional<double> balance;
};

} // namespace gpufailover
