#pragma once

#include "core/result.h"
#include "remote/resticrunner.h"

#include <QObject>

#include <map>
#include <memory>

namespace gpufailover {

class AppContext;
class CloudProvider;
class HostLossRecovery;
class PoolRegistry;
class RemoteShell;
class Settings;
class ResticSnapshotBackend;
class SnapshotService;
class WarmPool;

// The snapshot tier of a real engine: one restic repository per pool under the bucket the
// settings name, with the store's keys and the repository password from the keychain (the
// password is generated there on first use), and for each pool of the registry a
// SnapshotService and a HostLossRecovery.
class SnapshotTier final : public QObject
{
    Q_OBJECT
public:
    // Error "not_configured" when no target is set; another error when the target is wrong or
    // its keys are not in the keychain.
    static Result<std::unique_ptr<SnapshotTier>> create(
        AppContext &context, RemoteShell *shell, CloudProvider *cloud, PoolRegistry *registry);
    ~SnapshotTier() override;
    // Where a pool's snapshots go, from the settings: its repository is the pool's path in the bucket.
    static Result<SnapshotTarget> targetOf(const Settings &settings, const QString &poolId);

private:
    struct Parts
    {
        std::unique_ptr<ResticSnapshotBackend> backend;
        std::unique_ptr<SnapshotService> service;
        std::unique_ptr<HostLossRecovery> recovery;
    };
    SnapshotTier() = default;
    void attach(WarmPool *pool);

    AppContext *m_context = nullptr;
    RemoteShell *m_shell = nullptr;
    CloudProvider *m_cloud = nullptr;
    PoolRegistry *m_registry = nullptr;
    QString m_accessKeyId, m_secretAccessKey, m_password;
    std::map<QString, Parts> m_parts;
};

} // namespace gpufailover
