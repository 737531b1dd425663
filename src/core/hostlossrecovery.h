#pragma once

#include "core/cloudprovider.h"
#include "core/snapshotservice.h"

#include <QDateTime>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace gpufailover {

class Clock;
class ClockTimer;
class CpuStandby;
class WarmPool;

// The last tier: when a pool's whole host is lost, so neither its standby nor its
// volume can be reached, rebuild it on another machine from the newest *verified* snapshot,
// verify every file of the restore against the snapshot's manifest, and only then start the
// workload there. Waits instead when a newer copy exists elsewhere (the CPU standby's).
class HostLossRecovery final : public QObject
{
    Q_OBJECT
public:
    struct Restore
    {
        QString snapshotId;
        QDateTime restorePoint; // when that snapshot was taken: later writes are not in it
        bool verified = false;
        qint64 filesVerified = 0;
        QString detail;
    };

    HostLossRecovery(WarmPool *pool, SnapshotService *snapshots, SnapshotBackend *backend, Clock *clock,
        qint64 retryMs = 300000, QObject *parent = nullptr);
    ~HostLossRecovery() override;

    // When the CPU standby holds a copy, when that copy was made; recovery from a snapshot waits
    // for the CPU tier when its copy is newer than the snapshot.
    void setNewerCopy(std::function<std::optional<QDateTime>()> copyAt) { m_newerCopy = std::move(copyAt); }
    bool weighsACpuCopy() const { return bool(m_newerCopy); }
    std::optional<Restore> lastRestore() const { return m_last; }

Q_SIGNALS:
    void restoreFinished(const gpufailover::HostLossRecovery::Restore &restore);
    void alert(const QString &kind, const QString &message);

private:
    void evaluate();
    void relocate(const QString &why);

    WarmPool *m_pool;
    SnapshotService *m_snapshots;
    SnapshotBackend *m_backend;
    std::unique_ptr<ClockTimer> m_retry;
    std::function<std::optional<QDateTime>()> m_newerCopy;
    std::optional<Restore> m_last;
    bool m_asking = false;
};

// A pool with both a CPU standby and snapshots: the newer of the CPU copy and the verified
// snapshot restores it when its host is lost (each tier defers to the other when older).
void restoreFromTheNewer(HostLossRecovery &recovery, SnapshotService &snapshots, CpuStandby &cpu);

} // namespace gpufailover
