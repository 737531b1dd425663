#include "core/hostlossrecovery.h"

#include "core/clock.h"
#include "core/cpustandby.h"
#include "core/logging.h"
#include "core/warmpool.h"

namespace gpufailover {

HostLossRecovery::HostLossRecovery(
    WarmPool *pool, SnapshotService *snapshots, SnapshotBackend *backend, Clock *clock, qint64 retryMs, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_snapshots(snapshots)
    , m_backend(backend)
{
    // Queued: the pool is still inside its own state change when it says it is degraded.
    connect(
        m_pool, &WarmPool::stateChanged, this,
        [this](WarmPool::State, WarmPool::State to, const QString &) {
            if (to == WarmPool::State::Degraded)
                evaluate();
        },
        Qt::QueuedConnection);
    // A failed rebuild (no machine, a bad restore) is tried again while the pool stays degraded.
    m_retry = clock->createTimer(this);
    connect(m_retry.get(), &ClockTimer::timeout, this, &HostLossRecovery::evaluate);
    m_retry->start(retryMs);
}

HostLossRecovery::~HostLossRecovery() = default;

void HostLossRecovery::evaluate()
{
    if (m_asking || m_pool->state() != WarmPool::State::Degraded || m_pool->automationPaused())
        return;
    if (m_pool->relocationPending())
        return relocate(QStringLiteral("the pool's host was lost and the pool is not rebuilt yet"));
    const WarmPool::Record &r = m_pool->record();
    if (!r.primaryId)
        return; // degraded before anything ran (no host with free GPUs): nothing was lost
    // Lost means the provider no longer knows the primary, or says it is offline while nothing
    // reaches it for the whole grace; whether a warm failover was tried first or there was no
    // standby to try (the warm pool off, or the host lost before a new standby was rented). A
    // primary that died on a live host is not lost (a stuck standby there is the warm pool's to
    // sort out), and one cut off from the provider that still answers SSH still writes. An API
    // that does not answer says nothing, and nothing is rebuilt blind.
    m_asking = true;
    const qint64 machine = r.machineId;
    m_pool->checkPrimary(this, [this, machine](WarmPool::PrimaryCheck c) {
        m_asking = false;
        if (m_pool->state() != WarmPool::State::Degraded)
            return;
        // With a CPU standby beside, a primary confirmed stopped is one the CPU tier may replace;
        // when the verified snapshot is newer than its copy, that rebuild is handed here, and
        // nobody else would do it.
        const bool lost = c.fate == WarmPool::PrimaryFate::Lost || c.fate == WarmPool::PrimaryFate::Gone;
        if (!lost && !(weighsACpuCopy() && c.mayHandOver())) {
            qCInfo(lcCore).noquote() << "pool" << m_pool->config().id << "not rebuilt:" << c.detail;
            return;
        }
        relocate(lost ? QStringLiteral("machine %1 is lost (%2)").arg(machine).arg(c.detail)
                      : QStringLiteral("the GPU on machine %1 failed (%2)").arg(machine).arg(c.detail));
    });
}

void HostLossRecovery::relocate(const QString &why)
{
    const SnapshotService::State &s = m_snapshots->state();
    if (s.verifiedSnapshotId.isEmpty()) {
        Q_EMIT alert(QStringLiteral("host_lost_no_snapshot"),
            QStringLiteral("%1, and no snapshot has passed a restore drill: nothing trustworthy to restore").arg(why));
        return;
    }
    if (m_newerCopy) {
        if (const auto copy = m_newerCopy(); copy && *copy >= s.verifiedAt) {
            qCInfo(lcCore).noquote() << "pool" << m_pool->config().id
                                     << "host lost; the CPU standby's copy is newer than the verified snapshot";
            return;
        }
    }
    const QString snapshotId = s.verifiedSnapshotId;
    const QDateTime point = s.verifiedAt;
    Q_EMIT alert(QStringLiteral("host_lost"),
        QStringLiteral("%1; rebuilding the pool on another machine from snapshot %2 (taken %3)")
            .arg(why, snapshotId, point.toString(Qt::ISODate)));
    m_pool->relocate(why,
        [this, snapshotId, point](
            const SshEndpoint &primary, QObject *context, std::function<void(Result<QJsonObject>)> done) {
            m_backend->restore(primary, snapshotId, context, [=, this](Result<SnapshotBackend::Drill> d) {
                Restore r { snapshotId, point, d && d->verified, d ? d->filesVerified + d->filesGrown : 0,
                    d ? d->detail : d.error().message };
                m_last = r;
                Q_EMIT restoreFinished(r);
                if (!r.verified) {
                    Q_EMIT alert(QStringLiteral("restore_unverified"), r.detail);
                    return done(Error { QStringLiteral("restore_unverified"), r.detail });
                }
                done(QJsonObject { { QStringLiteral("restored_from"), snapshotId },
                    { QStringLiteral("restore_point"), point.toString(Qt::ISODateWithMs) },
                    { QStringLiteral("files_verified"), double(r.filesVerified) },
                    { QStringLiteral("detail"), r.detail } });
            });
        });
}

void restoreFromTheNewer(HostLossRecovery &recovery, SnapshotService &snapshots, CpuStandby &cpu)
{
    recovery.setNewerCopy([&cpu] { return cpu.copyTime(); });
    cpu.setSnapshotPoint([&snapshots] { return snapshots.lastVerifiedRestorePoint(); });
}

} // namespace gpufailover
