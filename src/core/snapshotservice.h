#pragma once

#include "core/cloudprovider.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace gpufailover {

class Clock;
class ClockTimer;
class Journal;
class WarmPool;

struct SnapshotPolicy
{
    qint64 intervalMs = 3600000; // one snapshot an hour
    int drillEvery = 6; // a restore drill after every Nth snapshot (0 = only on demand)
    // Retention after each snapshot (restic forget); pruning rewrites packs, so only on the
    // user's schedule: every pruneEveryMs (0 = never).
    int keepLast = 24;
    int keepHourly = 0;
    int keepDaily = 7;
    qint64 pruneEveryMs = 0;
    // A `check` after every Nth snapshot, reading a rotating 1/checkSubsets of the data each time,
    // so every pack is read once per checkSubsets checks.
    int checkEvery = 6;
    int checkSubsets = 10;
    // A snapshot that restores fine but holds far fewer files than the restore point (an emptied
    // or unmounted workspace) does not replace it.
    double maxDropFraction = 0.5;
};

// The instance side of snapshots (restic over SSH today).
class SnapshotBackend
{
public:
    struct Taken
    {
        QString snapshotId;
        qint64 bytesAdded = 0; // uploaded by this run
        qint64 filesInManifest = 0;
        bool incomplete = false; // some files could not be read: the snapshot misses them
        QString detail;
    };
    struct Drill
    {
        QString snapshotId;
        bool verified = false;
        qint64 filesVerified = 0;
        qint64 filesGrown = 0; // appended to while the snapshot was taken: their old content matched
        QStringList bad; // missing or different
        QString detail;
    };
    struct Maintenance
    {
        int keepLast = 0, keepHourly = 0, keepDaily = 0; // all 0 = no retention pass
        bool prune = false;
        QString checkSubset; // "3/10"; empty = no check
    };
    struct Maintained
    {
        bool checked = false;
        bool checkPassed = false;
        QString checkCode; // ok, check_failed, lock_conflict, ...
        QString detail;
        qint64 repositoryBytes = -1; // -1 = unknown
    };
    virtual ~SnapshotBackend() = default;
    // Refuses unless the volume's generation marker says `generation`: only the holder of the
    // newest generation writes snapshots. Writes the manifest, then the snapshot.
    virtual void take(const SshEndpoint &host, qint64 generation, const QStringList &tags, QObject *context,
        std::function<void(Result<Taken>)> done)
        = 0;
    // Restores a snapshot ("latest" = the newest) into a scratch directory on `host` and checks it
    // against the manifest inside it.
    virtual void drill(
        const SshEndpoint &host, const QString &snapshotId, QObject *context, std::function<void(Result<Drill>)> done)
        = 0;
    // Restores a snapshot into `host`'s /workspace (a fresh volume) and checks every file against
    // its manifest: how a pool comes back after its whole host is lost.
    virtual void restore(
        const SshEndpoint &host, const QString &snapshotId, QObject *context, std::function<void(Result<Drill>)> done)
        = 0;
    // Retention, an optional partial check, and the repository's size.
    virtual void maintain(const SshEndpoint &host, const Maintenance &what, QObject *context,
        std::function<void(Result<Maintained>)> done)
        = 0;
};

// Snapshots of one pool on a schedule, from its primary, with retention, rotating checks and
// restore drills. Exposes the last snapshot and the last *verified* restore point (a backup
// never restored is a hope). Its state is journaled, so a restart knows what was verified.
class SnapshotService final : public QObject
{
    Q_OBJECT
public:
    struct State
    {
        QString lastSnapshotId;
        QDateTime lastSnapshotAt;
        bool lastSnapshotIncomplete = false;
        QString verifiedSnapshotId; // the newest snapshot a drill restored and verified
        QDateTime verifiedAt; // when that snapshot was taken: the restore point
        qint64 verifiedFiles = 0; // how many files its drill restored
        qint64 repositoryBytes = -1; // -1 = not measured yet
        qint64 lastBytesUploaded = 0;
        qint64 bytesUploadedTotal = 0;
        int snapshotsTaken = 0;
        int snapshotsFailed = 0;
        int checksDone = 0;
        std::optional<bool> repositoryHealthy; // the last check's verdict (a lock conflict is no verdict)
        QDateTime lastPruneAt;
        QJsonObject toJson() const;
        static State fromJson(const QJsonObject &o);
    };

    SnapshotService(WarmPool *pool, SnapshotBackend *backend, CloudProvider *cloud, Journal *journal, Clock *clock,
        SnapshotPolicy policy, QObject *parent = nullptr);
    ~SnapshotService() override;

    void start();
    void stop();
    void snapshotNow();
    void drillNow();
    // Checks the repository now (its structure and the next slice of its data), on demand.
    void checkNow();

    const State &state() const { return m_state; }
    const SnapshotPolicy &policy() const { return m_policy; }
    std::optional<QDateTime> lastSnapshot() const;
    std::optional<QDateTime> lastVerifiedRestorePoint() const;
    int snapshotsTaken() const { return m_state.snapshotsTaken; }
    bool busy() const { return m_busy; }

Q_SIGNALS:
    void snapshotTaken(const gpufailover::SnapshotBackend::Taken &taken);
    void drillFinished(const gpufailover::SnapshotBackend::Drill &drill);
    void maintained(const gpufailover::SnapshotBackend::Maintained &result);
    void alert(const QString &kind, const QString &message);

private:
    void withPrimary(std::function<void(const SshEndpoint &, qint64 generation)> run);
    void maintainAfterSnapshot(const SshEndpoint &host);
    void maintainOn(const SshEndpoint &host, const SnapshotBackend::Maintenance &what, bool drillAfter);
    QString nextCheckSubset() const;
    void drillOn(const SshEndpoint &host);
    void saveState();

    WarmPool *m_pool;
    SnapshotBackend *m_backend;
    CloudProvider *m_cloud;
    Journal *m_journal;
    Clock *m_clock;
    SnapshotPolicy m_policy;
    std::unique_ptr<ClockTimer> m_timer;
    bool m_busy = false;
    State m_state;
};

} // namespace gpufailover
