#pragma once

#include <QJsonObject>
#include <QStringList>

namespace gpufailover {

// Everything that defines one protected workload. Times are clock ms (scaled in tests).
struct PoolConfig
{
    QString id = QStringLiteral("pool-1");
    QStringList gpuNames { QStringLiteral("RTX 4090"), QStringLiteral("RTX 3090") };
    int minGpus = 2;
    int volumeSizeGb = 50;
    QString image = QStringLiteral("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime");
    int diskGb = 20;
    double maxPricePerGpuHour = 0;
    double minReliability = 0.95;
    // Run by the engine over SSH on the primary once its generation marker is written (never by
    // the provider's onstart, which would also run on a standby booting while the primary writes).
    QString startCommand;
    QStringList sshPublicKeys;
    bool autoProvisionStandby = true;
    // Off: no warm standby is started or rented; a failure of the primary goes to the next tier
    // (the CPU standby, then the snapshots). The primary is watched either way.
    bool warmPoolEnabled = true;
    // No host has room for a warm pair: run one GPU alone, protected by the CPU standby.
    bool fallbackToCpuStandby = false;
    // A monthly budget in USD (0 = none): alerts at 80 % and 100 %, and at 100 % hibernation if asked.
    double monthlyBudgetUsd = 0;
    bool budgetHibernates = false;
    // Auto-hibernation of an idle GPU (off unless asked).
    bool hibernateWhenIdle = false;
    int idleMinutes = 30;
    int idleUtilizationPct = 5;
    QStringList wakeAtUtc; // "HH:MM", daily: wake a hibernated pool then
    int endpointPort = 0; // the user's service on the primary; connections to it mean "in use"

    qint64 healthIntervalMs = 10000;
    int failureThreshold = 3;
    qint64 probeTimeoutMs = 5000;
    qint64 offlineGraceMs = 120000;
    qint64 fenceDeadlineMs = 60000;
    qint64 standbyStartDeadlineMs = 180000;
    qint64 provisionDeadlineMs = 600000;
    qint64 pollIntervalMs = 2000; // how often to look while waiting for a state change
    // Damping: at most one automatic failover per 30 minutes, and
    // automation pauses with a page at the second one within an hour.
    qint64 cooldownMs = 1800000;
    int maxFailoversPerHour = 2;
    qint64 readinessIntervalMs = 60000;

    QJsonObject toJson() const;
    static PoolConfig fromJson(const QJsonObject &o);
    // Fields absent from `o` keep their value in `defaults`.
    static PoolConfig fromJson(const QJsonObject &o, const PoolConfig &defaults);
};

} // namespace gpufailover
