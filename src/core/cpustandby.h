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

// The CPU VM behind a CPU standby (a GCP Spot VM today).
class StandbyVmProvider
{
public:
    struct Vm
    {
        QString name, zone;
        SshEndpoint ssh;
        bool restarted = false; // it was found stopped or preempted and started again (or recreated)
    };
    virtual ~StandbyVmProvider() = default;
    // Creates the VM if it is missing, starts it if it is stopped or was preempted (in another
    // allowed zone when its own has no room), and answers once it runs with an address.
    virtual void ensure(QObject *context, std::function<void(Result<Vm>)> done) = 0;
    // Deletes the VM wherever it is (a VM already gone is done): the pool it stood for is gone.
    virtual void remove(QObject *context, std::function<void(Status)> done) = 0;
};

// Copies of the workspace between hosts (rsync into generations today).
class StandbyCopier
{
public:
    struct Copy
    {
        qint64 sequence = 0;
        qint64 sourceGeneration = 0;
        qint64 files = 0;
        qint64 bytes = 0;
        QDateTime startedAt; // the copy holds every write acknowledged before this
    };
    struct Restored
    {
        Copy copy;
        bool verified = false;
        qint64 filesVerified = 0;
        QString detail;
    };
    virtual ~StandbyCopier() = default;
    virtual void sync(
        const SshEndpoint &source, const SshEndpoint &standby, QObject *context, std::function<void(Result<Copy>)> done)
        = 0;
    virtual void current(
        const SshEndpoint &standby, QObject *context, std::function<void(Result<std::optional<Copy>>)> done)
        = 0;
    virtual void restore(const SshEndpoint &standby, const SshEndpoint &target, QObject *context,
        std::function<void(Result<Restored>)> done)
        = 0;
};

// The CPU standby tier of one pool: a cheap VM that keeps a recent copy of the
// primary's /workspace, synced host to host on a schedule. When the GPU is dead and no warm
// standby took over, it becomes the active target (serving the user's command, if any) while a
// GPU on another host is rented, restored from the copy with every hash verified, and put in
// service; then it goes back to standby and syncing resumes from the new primary.
class CpuStandby final : public QObject
{
    Q_OBJECT
public:
    enum class State { Off, Preparing, Standby, Active };
    struct Options
    {
        qint64 syncIntervalMs = 30000; // every 30 s, as the original design has it
        qint64 retryMs = 60000; // a failed takeover or VM is tried again this often
        QString serveCommand; // run on the VM when it becomes active; empty = none
    };

    CpuStandby(WarmPool *pool, StandbyVmProvider *vms, StandbyCopier *copier, CloudProvider *cloud,
        InstanceAccess *access, Journal *journal, Clock *clock, Options options, QObject *parent = nullptr);
    ~CpuStandby() override;

    void start();
    void stop();
    // Stops, then deletes the VM: its pool is being destroyed.
    void teardown(QObject *context, std::function<void(Status)> done);
    // A sync now; `done` learns how it (or the one already under way) ended.
    void syncNow(std::function<void(bool ok, const QString &detail)> done = {});

    State state() const { return m_state; }
    std::optional<StandbyCopier::Copy> copy() const { return m_copy; }
    std::optional<QDateTime> copyTime() const;
    // How much work a GPU loss now would cost: the age of the newest complete copy.
    std::optional<qint64> lossWindowMs() const;
    std::optional<StandbyVmProvider::Vm> vm() const { return m_vm; }
    QString lastError() const { return m_lastError; }
    int syncsCompleted() const { return m_syncsOk; }
    int syncsFailed() const { return m_syncsFailed; }
    std::optional<StandbyCopier::Restored> lastRestore() const { return m_lastRestore; }
    // When the snapshot tier has a verified restore point: the newer source restores the pool.
    void setSnapshotPoint(std::function<std::optional<QDateTime>()> point) { m_snapshotPoint = std::move(point); }
    bool weighsASnapshot() const { return bool(m_snapshotPoint); }

Q_SIGNALS:
    void stateChanged(gpufailover::CpuStandby::State state, const QString &reason);
    void synced(const gpufailover::StandbyCopier::Copy &copy);
    void restoreFinished(const gpufailover::StandbyCopier::Restored &restored);
    void alert(const QString &kind, const QString &message);

private:
    void setState(State s, const QString &reason);
    void tick();
    void syncRound();
    void watchLossWindow();
    void onPoolState();
    void takeOver();
    void relocate();
    // When a copy the journal recorded was taken (a restarted engine finds it on the VM).
    std::optional<QDateTime> journaledCopyTime(const StandbyCopier::Copy &copy) const;

    WarmPool *m_pool;
    StandbyVmProvider *m_vms;
    StandbyCopier *m_copier;
    CloudProvider *m_cloud;
    InstanceAccess *m_access;
    Journal *m_journal;
    Clock *m_clock;
    Options m_options;
    std::unique_ptr<ClockTimer> m_syncTimer;
    std::unique_ptr<ClockTimer> m_retryTimer;
    State m_state = State::Off;
    bool m_busy = false; // bringing the VM up, or deciding a takeover
    bool m_syncing = false; // a sync in flight (slow against a hung source; never holds a takeover back)
    bool m_lossWindowAlerted = false; // once per stretch without a new copy
    qint64 m_copyMonoMs = -1; // monotonic start of the newest copy made by this process
    qint64 m_standbySinceMonoMs = -1; // when this process began keeping copies
    std::optional<StandbyVmProvider::Vm> m_vm;
    std::optional<StandbyCopier::Copy> m_copy;
    std::optional<StandbyCopier::Restored> m_lastRestore;
    std::function<std::optional<QDateTime>()> m_snapshotPoint;
    QString m_lastError;
    int m_syncsOk = 0, m_syncsFailed = 0;
    QList<std::function<void(bool, const QString &)>> m_syncWaiters;
    void syncEnded(bool ok, const QString &detail);
};

QString toString(CpuStandby::State s);

} // namespace gpufailover
