#include "core/poolconfig.h"

#include <QJsonArray>

namespace gpufailover {

QJsonObject PoolConfig::toJson() const
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("gpu_names"), QJsonArray::fromStringList(gpuNames) },
        { QStringLiteral("min_gpus"), minGpus },
        { QStringLiteral("volume_size_gb"), volumeSizeGb },
        { QStringLiteral("image"), image },
        { QStringLiteral("disk_gb"), diskGb },
        { QStringLiteral("max_price_per_gpu_hour"), maxPricePerGpuHour },
        { QStringLiteral("min_reliability"), minReliability },
        { QStringLiteral("start_command"), startCommand },
        { QStringLiteral("auto_provision_standby"), autoProvisionStandby },
        { QStringLiteral("warm_pool_enabled"), warmPoolEnabled },
        { QStringLiteral("fallback_to_cpu_standby"), fallbackToCpuStandby },
        { QStringLiteral("monthly_budget_usd"), monthlyBudgetUsd },
        { QStringLiteral("budget_hibernates"), budgetHibernates },
        { QStringLiteral("hibernate_when_idle"), hibernateWhenIdle },
        { QStringLiteral("idle_minutes"), idleMinutes },
        { QStringLiteral("wake_at"), QJsonArray::fromStringList(wakeAtUtc) },
        { QStringLiteral("endpoint_port"), endpointPort },
        { QStringLiteral("idle_utilization_pct"), idleUtilizationPct },
        { QStringLiteral("health_interval_ms"), double(healthIntervalMs) },
        { QStringLiteral("failure_threshold"), failureThreshold },
        { QStringLiteral("probe_timeout_ms"), double(probeTimeoutMs) },
        { QStringLiteral("fence_deadline_ms"), double(fenceDeadlineMs) },
        { QStringLiteral("offline_grace_ms"), double(offlineGraceMs) },
        { QStringLiteral("standby_start_deadline_ms"), double(standbyStartDeadlineMs) },
        { QStringLiteral("cooldown_ms"), double(cooldownMs) },
        { QStringLiteral("max_failovers_per_hour"), maxFailoversPerHour },
    };
}

PoolConfig PoolConfig::fromJson(const QJsonObject &o)
{
    return fromJson(o, PoolConfig {});
}

PoolConfig PoolConfig::fromJson(const QJsonObject &o, const PoolConfig &defaults)
{
    PoolConfig c = defaults;
    c.id = o.value(QStringLiteral("id")).toString(c.id);
    if (o.value(QStringLiteral("gpu_names")).isArray()) {
        c.gpuNames.clear();
        for (const QJsonValue &v : o.value(QStringLiteral("gpu_names")).toArray())
            c.gpuNames << v.toString();
    }
    c.minGpus = o.value(QStringLiteral("min_gpus")).toInt(c.minGpus);
    c.volumeSizeGb = o.value(QStringLiteral("volume_size_gb")).toInt(c.volumeSizeGb);
    c.image = o.value(QStringLiteral("image")).toString(c.image);
    c.diskGb = o.value(QStringLiteral("disk_gb")).toInt(c.diskGb);
    c.maxPricePerGpuHour = o.value(QStringLiteral("max_price_per_gpu_hour")).toDouble(c.maxPricePerGpuHour);
    c.minReliability = o.value(QStringLiteral("min_reliability")).toDouble(c.minReliability);
    c.startCommand = o.value(QStringLiteral("start_command")).toString(c.startCommand);
    c.autoProvisionStandby = o.value(QStringLiteral("auto_provision_standby")).toBool(c.autoProvisionStandby);
    c.warmPoolEnabled = o.value(QStringLiteral("warm_pool_enabled")).toBool(c.warmPoolEnabled);
    c.fallbackToCpuStandby = o.value(QStringLiteral("fallback_to_cpu_standby")).toBool(c.fallbackToCpuStandby);
    c.monthlyBudgetUsd = o.value(QStringLiteral("monthly_budget_usd")).toDouble(c.monthlyBudgetUsd);
    c.budgetHibernates = o.value(QStringLiteral("budget_hibernates")).toBool(c.budgetHibernates);
    c.hibernateWhenIdle = o.value(QStringLiteral("hibernate_when_idle")).toBool(c.hibernateWhenIdle);
    c.idleMinutes = o.value(QStringLiteral("idle_minutes")).toInt(c.idleMinutes);
    c.endpointPort = qBound(0, o.value(QStringLiteral("endpoint_port")).toInt(c.endpointPort), 65535);
    if (o.value(QStringLiteral("wake_at")).isArray()) {
        c.wakeAtUtc.clear();
        for (const QJsonValue &t : o.value(QStringLiteral("wake_at")).toArray())
            c.wakeAtUtc.append(t.toString());
    }
    c.idleUtilizationPct = o.value(QStringLiteral("idle_utilization_pct")).toInt(c.idleUtilizationPct);
    c.healthIntervalMs = qint64(o.value(QStringLiteral("health_interval_ms")).toDouble(double(c.healthIntervalMs)));
    c.failureThreshold = o.value(QStringLiteral("failure_threshold")).toInt(c.failureThreshold);
    c.probeTimeoutMs = qint64(o.value(QStringLiteral("probe_timeout_ms")).toDouble(double(c.probeTimeoutMs)));
    c.fenceDeadlineMs = qint64(o.value(QStringLiteral("fence_deadline_ms")).toDouble(double(c.fenceDeadlineMs)));
    c.standbyStartDeadlineMs
        = qint64(o.value(QStringLiteral("standby_start_deadline_ms")).toDouble(double(c.standbyStartDeadlineMs)));
    c.cooldownMs = qint64(o.value(QStringLiteral("cooldown_ms")).toDouble(double(c.cooldownMs)));
    c.offlineGraceMs = qint64(o.value(QStringLiteral("offline_grace_ms")).toDouble(double(c.offlineGraceMs)));
    c.maxFailoversPerHour = o.value(QStringLiteral("max_failovers_per_hour")).toInt(c.maxFailoversPerHour);
    return c;
}

} // namespace gpufailover
