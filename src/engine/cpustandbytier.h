#pragma once

#include "core/result.h"

#include <QObject>
#include <QUrl>

#include <map>
#include <memory>

namespace gpufailover {

class AppContext;
class CpuStandby;
class GcpClient;
class GcpStandbyVm;
class GenerationSync;
class LiveEngine;
class PoolRegistry;
class RsyncStandbyCopier;
class WarmPool;

// The CPU standby tier of a real engine: a GCP Spot VM for each pool whose strategy asks for one
// (fallback_to_cpu_standby), with the service-account key from the keychain and the zones, machine
// type and serve command from the settings; each VM is synced from its pool's primary, takes over
// when the GPU is lost, and is deleted with its pool.
class CpuStandbyTier final : public QObject
{
    Q_OBJECT
public:
    // Error "not_configured" when the keychain holds no GCP service-account key.
    static Result<std::unique_ptr<CpuStandbyTier>> create(
        AppContext &context, const QUrl &gcpUrl, LiveEngine &engine, PoolRegistry *registry);
    ~CpuStandbyTier() override;

private:
    struct Parts
    {
        std::unique_ptr<GcpStandbyVm> vm;
        std::unique_ptr<RsyncStandbyCopier> copier;
        std::unique_ptr<CpuStandby> standby;
    };
    CpuStandbyTier() = default;
    void attach(WarmPool *pool);

    AppContext *m_context = nullptr;
    LiveEngine *m_engine = nullptr;
    PoolRegistry *m_registry = nullptr;
    std::unique_ptr<GcpClient> m_gcp;
    std::unique_ptr<GenerationSync> m_sync;
    QString m_publicKey;
    std::map<QString, Parts> m_parts;
};

} // namespace gpufailover
