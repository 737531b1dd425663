#pragma once

#include "core/cloudprovider.h"
#include "core/failuredetector.h"
#include "core/poolconfig.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace gpufailover {

class Clock;
class ClockTimer;
class Journal;
struct JournalEvent;

// One GPU warm pool: a primary and a stopped standby on the same Vast machine
// sharing one volume. Watches the primary and, when it is dead, fences it, bumps the generation,
// starts the standby and promotes it. Every step is journaled before it is taken; a restart
// resumes a half-done failover from the journal and never skips the fence.
class WarmPool final : public QObject
{
    Q_OBJECT
public:
    enum class State { Disabled, Searching, Provisioning, Active, Failover, Degraded, Paused, Hibernated };
    enum class Readiness { Unknown, Green, Amber, Red };

    struct Record
    {
        qint64 machineId = 0;
        qint64 volumeId = 0;
        qint64 primaryId = 0;
        qint64 standbyId = 0;
        qint64 generation = 0;
        int failovers = 0;
        bool warmStandby = true; // false: one GPU alone, protected by the CPU standby
        bool hibernated = false; // the primary was stopped on purpose; its volume keeps the data
        QList<qint64> failedMachines;
        // Volumes of hosts the pool moved away from: kept (a host that comes back may hold newer
        // data than the snapshot), still billed, and deleted with the pool.
        QList<qint64> leftVolumes;
        QJsonObject toJson() const;
        static Record fromJson(const QJsonObject &o);
    };

    // Clock ms of each milestone of one failover, from the moment the primary was declared dead.
    struct Timeline
    {
        qint64 failoverId = 0;
        QString reason;
        qint64 oldPrimary = 0, newPrimary = 0, generation = 0;
        qint64 startMs = 0;
        qint64 detectionMs = 0; // from the first failed health check to the verdict (0: manual)
        qint64 fencedMs = -1, standbyRunningMs = -1, sshReadyMs = -1, doneMs = -1;
        // Real (wall) ms spent on the SSH steps, which do not scale with a simulated clock.
        qint64 sshReadyWallMs = -1, promoteWallMs = -1;
        bool ok = false;
        QString outcome;
        QJsonObject toJson() const;
    };

    struct Services
    {
        CloudProvider *cloud = nullptr;
        InstanceAccess *access = nullptr;
        Journal *journal = nullptr;
        Clock *clock = nullptr;
    };

    WarmPool(PoolConfig config, Services services, QObject *parent = nullptr);
    ~WarmPool() override;

    // Picks up where the journal left off: resumes an interrupted failover or provisioning,
    // watches an active pool, or searches and provisions a new one.
    // A new pool provisions on `machine` when given, else on the best host it finds.
    void start(std::optional<qint64> machine = std::nullopt);
    void stop(); // stops watching; rented instances stay as they are
    void provision(std::optional<qint64> machineId = std::nullopt);
    // A drill, or a human who knows better: fence and fail over now (cooldown does not apply).
    void failoverNow(const QString &reason);
    void setAutomationPaused(bool paused);
    // The warm standby on or off (PoolConfig::warmPoolEnabled), journaled; on again, a pool
    // without a standby rents one.
    void setWarmPoolEnabled(bool enabled);
    // What every instance runs once at its first start (the provider's onstart): the tools the
    // tiers need (rsync) installed when the image lacks them. Never the workload: a standby boots
    // too, while the primary writes. The wizard shows it before anything is rented.
    static QString onstartPreparation();
    // The health and failover timings from the settings, applied at once (the next health round
    // runs at the new interval); journaled as pool_config.
    struct Timings
    {
        qint64 healthIntervalMs = 10000;
        int failureThreshold = 3;
        qint64 probeTimeoutMs = 5000;
        qint64 fenceDeadlineMs = 60000;
        qint64 standbyStartDeadlineMs = 180000;
    };
    void setTimings(const Timings &t);
    bool automationPaused() const { return m_automationPaused; }

    // Stops the primary on purpose (idle, or over budget): the data stays on its volume, the pool
    // pays storage only, and a stopped primary is not a dead one. Only from Active.
    void hibernate(const QString &why, QObject *context, std::function<void(Status)> done);
    // Starts the hibernated primary again under a new generation and restarts the workload.
    void wake(QObject *context, std::function<void(Status)> done);

    // Fills a fresh volume before the workload starts on it (a snapshot restored and verified):
    // the outcome's details go to the journal; an error rolls the provisioning back.
    using VolumePreparer = std::function<void(
        const SshEndpoint &primary, QObject *context, std::function<void(Result<QJsonObject>)> done)>;
    // The pool's whole host is lost (its instances cannot even be fenced): rebuilds the pool on
    // another machine, filling the new volume with `prepare` before the workload starts there,
    // under a new generation. The old instances are asked to be destroyed and never started.
    void relocate(const QString &why, VolumePreparer prepare);
    // The host was lost and the pool is not rebuilt yet (a relocation failed, or a restart
    // interrupted it): its data source calls relocate() again.
    bool relocationPending() const { return m_relocationStep != 0; }
    // start() found a teardown a restart cut short: the pool stays still until it is torn down.
    bool teardownInterrupted() const { return m_teardownInterrupted; }
    // Stops watching, destroys the primary and the standby, then deletes the volume (design: a
    // volume cannot be deleted while any instance uses it). The data on the volume is gone.
    void teardown(QObject *context, std::function<void(Status)> done);

    // What the old primary is, asked of the provider and, when the provider says offline, of the
    // primary itself: another writer (the CPU standby, a rebuilt pool) may take over only once
    // it is gone, stopped, or offline and unreachable on every path for the whole offline grace.
    enum class PrimaryFate {
        Unknown, // the provider did not answer: nothing is decided blind
        Runs, // the provider says it runs or boots: it has to be stopped first
        Answers, // offline for the provider, yet it answers SSH: cut off, still a writer
        Offline, // offline and silent, not yet for the whole grace
        Lost, // offline and silent on every path for the whole grace
        Stopped, // the provider confirms its container does not run
        Gone, // the provider no longer knows it (destroyed), or there is none
    };
    struct PrimaryCheck
    {
        PrimaryFate fate = PrimaryFate::Unknown;
        QString detail;
        bool mayHandOver() const
        {
            return fate == PrimaryFate::Lost || fate == PrimaryFate::Stopped || fate == PrimaryFate::Gone;
        }
    };
    void checkPrimary(QObject *context, std::function<void(PrimaryCheck)> done);

    State state() const { return m_state; }
    const Record &record() const { return m_record; }
    const PoolConfig &config() const { return m_config; }
    // What the provider last said about one of this pool's instances (GPU, price, start), as the
    // health and readiness rounds saw it; for people, never for decisions.
    std::optional<CloudInstance> lastSeen(qint64 instanceId) const
    {
        const auto it = m_seen.constFind(instanceId);
        return it == m_seen.constEnd() ? std::nullopt : std::optional(*it);
    }
    Readiness readiness() const { return m_readiness; }
    QString readinessReason() const { return m_readinessReason; }
    QString lastReason() const { return m_lastReason; }
    QList<Timeline> timelines() const { return m_timelines; }

Q_SIGNALS:
    void stateChanged(gpufailover::WarmPool::State from, gpufailover::WarmPool::State to, const QString &reason);
    void healthChecked(const gpufailover::FailureDetector::Outcome &outcome);
    void probed(const gpufailover::HealthSample &sample); // every SSH probe of the primary
    void failoverFinished(const gpufailover::WarmPool::Timeline &timeline);
    void readinessChanged(gpufailover::WarmPool::Readiness readiness, const QString &reason);
    void alert(const QString &kind, const QString &message);

private:
    using StepDone = std::function<void(bool ok, const QString &detail)>;

    void setState(State s, const QString &reason);
    void saveRecord();
    void loadFromJournal();
    qint64 step(const QString &kind, const QJsonObject &data);
    void endStep(qint64 id, bool ok, const QJsonObject &data = {});

    // Provisioning
    void search(int attempt = 0);
    void searchSingle(int attempt);
    void provisionOn(qint64 machineId, int attempt, bool single = false);
    void rollbackProvisioning(qint64 stepId, QList<qint64> instances, qint64 volumeId, const QString &why,
        qint64 machineId, bool blameMachine, int attempt);
    void rentStandby(qint64 machineId, qint64 volumeId, const QString &standbyLabel, QObject *context,
        std::function<void(Result<qint64>)> done);

    // Watching
    void healthRound();
    void readinessRound();
    void onVerdict(const FailureDetector::Outcome &o);

    // Failover
    void beginFailover(const QString &reason, bool automatic);
    void resumeFailover(qint64 failoverId, const QJsonObject &intent);
    void runFailover(qint64 failoverId, qint64 oldPrimary, qint64 standby);
    void fence(qint64 instanceId, StepDone done);
    void startStandby(qint64 standbyId, std::function<void(std::optional<SshEndpoint>, QString)> done);
    void promote(
        qint64 failoverId, qint64 oldPrimary, qint64 newPrimary, qint64 generation, const SshEndpoint &endpoint);
    int automaticFailoversInLastHour() const;
    // The storm count and the cooldown survive a restart: both are read back from the journal.
    void recallRecentFailovers();
    bool pauseIfStorming(const QString &situation);
    void failFailover(qint64 failoverId, const QString &why);
    // A standby started for a failover that then failed is stopped again, never left running.
    void stopStartedStandby(qint64 standbyId, const QString &why);
    void afterPromotion(qint64 oldPrimary);
    void resumeAfterPromotion(const QList<JournalEvent> &open);
    void resumeStandbyRent(const QList<JournalEvent> &rents);
    // Rents a new stopped standby on the pool's machine with its volume; replaces the old one.
    void repairStandby(const QString &why);

    void activate(const SshEndpoint &endpoint, std::function<void(bool, QString)> done);
    void prepareVolume(const SshEndpoint &endpoint, std::function<void(bool, QString)> done);
    void finishRelocation(const QString &detail);
    // Polls the instance until `accept` says yes (clock time), tolerating transient API errors.
    void waitFor(qint64 instanceId, qint64 deadlineMs, std::function<bool(const std::optional<CloudInstance> &)> accept,
        std::function<void(std::optional<CloudInstance>, bool accepted, QString lastError)> done);
    void after(qint64 ms, std::function<void()> fn);
    qint64 now() const;
    QString label(const QString &role) const;
    // Whether an instance's label is one this pool gave (exactly this pool, any role).
    bool ownsLabel(const QString &label) const;
    // The rest of a teardown: these instances, then the volumes; closes the step `id`.
    void destroyAll(qint64 id, const QList<qint64> &instances, QPointer<QObject> ctx, std::function<void(Status)> done);
    void deleteVolumes(QList<qint64> volumes, std::function<void(Status)> done);

    PoolConfig m_config;
    Services m_s;
    State m_state = State::Disabled;
    Record m_record;
    FailureDetector m_detector;
    QHash<qint64, CloudInstance> m_seen; // by instance id; only the current primary and standby
    void noteSeen(const CloudInstance &instance);
    qint64 m_firstBadCheckMs = -1; // clock ms of the first failed check of the current run
    std::unique_ptr<ClockTimer> m_healthTimer;
    std::unique_ptr<ClockTimer> m_readinessTimer;
    // Rounds start on schedule even while an earlier probe waits for its timeout (a hung host);
    // results reach the detector strictly in the order the rounds started.
    int m_roundsInFlight = 0;
    qint64 m_nextRoundSeq = 0;
    qint64 m_nextRoundToApply = 0;
    QMap<qint64, std::optional<Observation>> m_roundResults;
    bool m_repairing = false;
    qint64 m_relocationStep = 0; // the open "relocate" step, if any
    VolumePreparer m_prepare;
    bool m_automationPaused = false;
    Readiness m_readiness = Readiness::Unknown;
    QString m_readinessReason;
    QString m_lastReason;
    QList<Timeline> m_timelines;
    std::optional<Timeline> m_current;
    qint64 m_wallMark = 0; // QElapsedTimer ms at the last milestone of the current failover
    qint64 m_lastFailoverEndMs = -1;
    QList<qint64> m_automaticFailoversMs; // monotonic ms at which each automatic failover began
    bool m_teardownInterrupted = false;
    bool m_hibernating = false; // a hibernate's stop is not confirmed yet
    QList<std::function<void(Status)>> m_wakeWaiters; // the callers of the wake under way
    // Clock ms since which checkPrimary() has found the primary offline and silent.
    std::optional<qint64> m_silentSinceMs;
    // Context of every asynchronous callback; replaced by stop() so nothing started before runs after.
    std::unique_ptr<QObject> m_ops = std::make_unique<QObject>();
};

QString toString(WarmPool::State s);
QString toString(WarmPool::Readiness r);

} // namespace gpufailover
