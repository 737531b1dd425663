#pragma once

#include "core/cloudprovider.h"
#include "core/result.h"

#include <QDateTime>
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
    int drillEvery = 6; // a restore drill after every Nth snapshot
    int keepLast = 24;
};

// The instance side of snapshots (restic over SSH today).
class SnapshotBackend
{
public:
    struct Taken
    {
        QString snapshotId;
        qint64 bytesAdded = 0;
        qint64 filesInManifest = 0;
        bool incomplete = false;
    };
    struct Drill
    {
        bool verified = false;
        qint64 filesVerified = 0;
        qint64 filesGrown = 0; // appended to while the snapshot was taken: their old content matched
        QStringList bad; // missing or different
        QString detail;
    };
    virtual ~SnapshotBackend() = default;
    // Refuses unless the volume's generation marker says `generation`: only the holder of the
    // newest generation writes snapshots. Writes the manifest, then the snapshot.
    virtual void take(const SshEndpoint &host, qint64 generation, const QStringList &tags, QObject *context,
        std::function<void(Result<Taken>)> done)
        = 0;
    // Restores the newest snapshot into a scratch directory on `host` and checks it against its manifest.
    virtual void drill(const SshEndpoint &host, QObject *context, std::function<void(Result<Drill>)> done) = 0;
};

// Snapshots of one pool on a schedule, from its primary, with periodic restore drills. Exposes
// the last snapshot and the last *verified* restore point: a backup never restored is a hope.
class SnapshotService final : public QObject
{
    Q_OBJECT
public:
    SnapshotService(WarmPool *pool, SnapshotBackend *backend, CloudProvider *cloud, Journal *journal, Clock *clock,
        SnapshotPolicy policy, QObject *parent = nullptr);
    ~SnapshotService() override;

    void start();
    void stop();
    void snapshotNow();
    void drillNow();

    std::optional<QDateTime> lastSnapshot() const { return m_lastSnapshot; }
    std::optional<QDateTime> lastVerifiedRestorePoint() const { return m_lastVerified; }
    int snapshotsTaken() const { return m_taken; }

Q_SIGNALS:
    void snapshotTaken(const gpufailover::SnapshotBackend::Taken &taken);
    void drillFinished(const gpufailover::SnapshotBackend::Drill &drill);
    void alert(const QString &kind, const QString &message);

private:
    void withPrimary(std::function<void(const SshEndpoint &, qint64 generation)> run);

    WarmPool *m_pool;
    SnapshotBackend *m_backend;
    CloudProvider *m_cloud;
    Journal *m_journal;
    Clock *m_clock;
    SnapshotPolicy m_policy;
    std::unique_ptr<ClockTimer> m_timer;
    bool m_busy = false;
    int m_taken = 0;
    std::optional<QDateTime> m_lastSnapshot, m_lastVerified, m_pendingVerify;
};

} // namespace gpufailover
