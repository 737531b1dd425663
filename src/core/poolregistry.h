#pragma once

#include "core/cpustandby.h"
#include "core/hibernation.h"
#include "core/hostlossrecovery.h"
#include "core/poolconfig.h"
#include "core/result.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <map>
#include <memory>

namespace gpufailover {

// The pools one engine drives. Configurations live in <config-dir>/pools/<id>.json, so a
// restarted daemon picks its pools up again (and each pool its state, from the journal).
class PoolRegistry final : public QObject
{
    Q_OBJECT
public:
    PoolRegistry(WarmPool::Services services, QString configDir, QObject *parent = nullptr);
    ~PoolRegistry() override;

    // Loads every saved configuration and starts those pools.
    QStringList loadAll();
    // Saves and starts a new pool, on `machine` when given (the wizard's choice).
    Result<WarmPool *> create(
        const PoolConfig &config, bool start = true, std::optional<qint64> machine = std::nullopt);
    // A pool owned elsewhere (the demo world's) that the API should show and drive.
    void adopt(WarmPool *pool);
    // Destroys the pool's instances and volume and its CPU standby's VM, then forgets it; the
    // journal's pool_destroyed says what is kept (the snapshot repository).
    void destroy(const QString &id, std::function<void(Status)> done);
    // What destroying the pool deletes ("instances", "volume", "volumes_left_on_lost_hosts",
    // "cpu_standby_vm") and what it keeps ("snapshot_repository"): said before, in the answer
    // and in the journal alike.
    struct Teardown
    {
        QStringList deleted, kept;
    };
    Teardown teardownOf(const QString &id) const;

    // The snapshot tier of a pool, when it has one (owned elsewhere; forgotten when it goes away).
    void attachSnapshots(const QString &poolId, SnapshotService *snapshots);
    SnapshotService *snapshotsOf(const QString &poolId) const { return m_snapshots.value(poolId); }
    // Its CPU standby, likewise.
    void attachCpuStandby(const QString &poolId, CpuStandby *standby);
    CpuStandby *cpuStandbyOf(const QString &poolId) const { return m_cpu.value(poolId); }
    // Its hibernation, likewise.
    void attachHibernation(const QString &poolId, Hibernation *h) { m_hibernation.insert(poolId, h); }
    Hibernation *hibernationOf(const QString &poolId) const { return m_hibernation.value(poolId); }
    // Its recovery from the loss of the whole host (with the snapshots), likewise.
    void attachRecovery(const QString &poolId, HostLossRecovery *recovery);
    HostLossRecovery *recoveryOf(const QString &poolId) const { return m_recovery.value(poolId); }

    // New timings for every pool, saved with the configurations of those the registry owns.
    void applyTimings(const WarmPool::Timings &timings);
    // The warm standby of one pool on or off, kept in its saved configuration (a restart keeps it).
    bool setWarmPoolEnabled(const QString &id, bool enabled);
    QList<WarmPool *> pools() const { return m_order; }
    WarmPool *find(const QString &id) const;
    static bool isValidId(const QString &id);

Q_SIGNALS:
    void poolAdded(gpufailover::WarmPool *pool);
    void poolRemoved(const QString &id);
    void snapshotsAttached(const QString &poolId, gpufailover::SnapshotService *snapshots);
    void cpuStandbyAttached(const QString &poolId, gpufailover::CpuStandby *standby);
    void recoveryAttached(const QString &poolId, gpufailover::HostLossRecovery *recovery);

private:
    void linkTiers(const QString &poolId);
    QString fileOf(const QString &id) const;
    bool save(const PoolConfig &config) const;
    void forget(const QString &id, const std::function<void(Status)> &done);

    WarmPool::Services m_services;
    QString m_dir;
    std::map<QString, std::unique_ptr<WarmPool>> m_owned;
    QList<WarmPool *> m_order;
    QHash<QString, QPointer<SnapshotService>> m_snapshots;
    QHash<QString, QPointer<CpuStandby>> m_cpu;
    QHash<QString, QPointer<Hibernation>> m_hibernation;
    QHash<QString, QPointer<HostLossRecovery>> m_recovery;
};

} // namespace gpufailover
