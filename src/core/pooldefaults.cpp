#include "core/pooldefaults.h"

#include "core/settings.h"

namespace gpufailover {

QString normalizedGpuName(const QString &name)
{
    QString n = name.trimmed();
    n.replace(u'_', u' ');
    return n.simplified();
}

PoolConfig poolDefaultsFrom(const Settings &settings)
{
    PoolConfig c;
    QStringList gpus;
    for (const QString &g : settings.value(keys::WarmPoolPreferredGpus)) {
        const QString n = normalizedGpuName(g);
        if (!n.isEmpty() && !gpus.contains(n))
            gpus << n;
    }
    if (!gpus.isEmpty())
        c.gpuNames = gpus;
    c.minGpus = settings.value(keys::WarmPoolMinGpus);
    c.volumeSizeGb = settings.value(keys::WarmPoolVolumeSizeGb);
    c.autoProvisionStandby = settings.value(keys::WarmPoolAutoProvision);
    c.warmPoolEnabled = settings.value(keys::WarmPoolEnabled);
    c.fallbackToCpuStandby = settings.value(keys::WarmPoolFallbackToCpu);
    c.healthIntervalMs = qint64(settings.value(keys::HealthIntervalS)) * 1000;
    c.failureThreshold = settings.value(keys::HealthFailureThreshold);
    c.probeTimeoutMs = qint64(settings.value(keys::HealthProbeTimeoutS)) * 1000;
    c.offlineGraceMs = qint64(settings.value(keys::OfflineGraceS)) * 1000;
    c.fenceDeadlineMs = qint64(settings.value(keys::FenceDeadlineS)) * 1000;
    c.standbyStartDeadlineMs = qint64(settings.value(keys::StandbyStartDeadlineS)) * 1000;
    c.cooldownMs = qint64(settings.value(keys::FailoverCooldownS)) * 1000;
    c.maxFailoversPerHour = settings.value(keys::MaxFailoversPerHour);
    return c;
}

} // namespace gpufailover
