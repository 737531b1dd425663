#include "engine/cpustandbytier.h"

#include "core/appcontext.h"
#include "core/cpustandby.h"
#include "core/keychainnames.h"
#include "core/poolregistry.h"
#include "core/secretstore.h"
#include "core/settings.h"
#include "core/warmpool.h"
#include "engine/liveengine.h"
#include "providers/gcpclient.h"
#include "providers/gcpstandbyvm.h"
#include "remote/generationsync.h"
#include "remote/rsyncstandbycopier.h"

namespace gpufailover {

CpuStandbyTier::~CpuStandbyTier()
{
    for (auto &[id, parts] : m_parts)
        parts.standby.reset(); // before the VM and copier it calls
}

Result<std::unique_ptr<CpuStandbyTier>> CpuStandbyTier::create(
    AppContext &context, const QUrl &gcpUrl, LiveEngine &engine, PoolRegistry *registry)
{
    SecretStore &secrets = context.secrets();
    const SecretResult key
        = SecretStore::waitFor([&](auto cb) { secrets.read(keychain::GcpServiceAccount, nullptr, cb); });
    if (key.error == SecretError::NotFound)
        return Error { QStringLiteral("not_configured"), QStringLiteral("no GCP service-account key in the keychain") };
    if (!key.ok())
        return Error { QStringLiteral("keychain"), key.message };
    const auto account = GcpServiceAccount::fromJson(key.value.toUtf8());
    if (!account)
        return account.error();

    std::unique_ptr<CpuStandbyTier> tier(new CpuStandbyTier);
    tier->m_context = &context;
    tier->m_engine = &engine;
    tier->m_registry = registry;
    tier->m_publicKey = engine.sshPublicKey();
    GcpClientConfig config;
    config.computeUrl = gcpUrl.isEmpty() ? QUrl(context.settings().value(keys::GcpUrl)) : gcpUrl;
    tier->m_gcp = std::make_unique<GcpClient>(&engine.network(), &context.clock(), config);
    tier->m_gcp->setServiceAccount(*account);
    tier->m_sync = std::make_unique<GenerationSync>(&engine.shell(), &engine.knownHosts());
    for (WarmPool *p : registry->pools())
        tier->attach(p);
    connect(registry, &PoolRegistry::poolAdded, tier.get(), &CpuStandbyTier::attach);
    connect(registry, &PoolRegistry::poolRemoved, tier.get(), [t = tier.get()](const QString &poolId) {
        if (auto it = t->m_parts.find(poolId); it != t->m_parts.end()) {
            it->second.standby.reset();
            t->m_parts.erase(it);
        }
    });
    return tier;
}

void CpuStandbyTier::attach(WarmPool *pool)
{
    // Only the strategy with a CPU standby rents a VM: the others pay for none.
    if (!pool->config().fallbackToCpuStandby)
        return;
    const QString poolId = pool->config().id;
    const Settings &s = m_context->settings();
    GcpVmSpec spec;
    spec.name = QStringLiteral("gpf-%1-cpu").arg(poolId.toLower().replace(u'_', u'-'));
    spec.machineType = s.value(keys::CpuMachineType);
    spec.diskGb = s.value(keys::CpuDiskGb);
    spec.sshPublicKey = m_publicKey;
    spec.labels = { { QStringLiteral("managed-by"), QStringLiteral("gpufailover") },
        { QStringLiteral("pool"), poolId.toLower().replace(u'_', u'-') } };
    // rsync and python3 for the copies; Debian images have python3, not always rsync.
    spec.startupScript
        = QStringLiteral("#!/bin/sh\ncommand -v rsync >/dev/null || (apt-get update && apt-get install -y rsync)\n");
    CpuStandby::Options options;
    options.syncIntervalMs = qint64(s.value(keys::CpuSyncIntervalS)) * 1000;
    options.serveCommand = s.value(keys::CpuServeCommand);
    Parts parts;
    parts.vm = std::make_unique<GcpStandbyVm>(m_gcp.get(), &m_context->clock(), spec, s.value(keys::CpuZones));
    parts.copier
        = std::make_unique<RsyncStandbyCopier>(m_sync.get(), RsyncStandbyCopier::baseFor(spec.sshUser, poolId));
    const WarmPool::Services services = m_engine->services();
    parts.standby = std::make_unique<CpuStandby>(pool, parts.vm.get(), parts.copier.get(), services.cloud,
        services.access, &m_context->journal(), &m_context->clock(), options);
    parts.standby->start();
    m_registry->attachCpuStandby(poolId, parts.standby.get());
    m_parts[poolId] = std::move(parts);
}

} // namespace gpufailover
