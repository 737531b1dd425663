#include "core/warmpool.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/logging.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace gpufailover {
namespace {

const QString kRecordKind = QStringLiteral("pool_record");

// An answer that reaches the caller only while its context lives, as QObject::connect does.
std::function<void(Status)> whileAlive(QObject *context, std::function<void(Status)> done)
{
    return [ctx = QPointer<QObject>(context), done = std::move(done)](Status s) {
        if (ctx)
            done(s);
    };
}

qint64 wallMs()
{
    return QDeadlineTimer::current().deadline(); // monotonic ms
}
const QString kStateKind = QStringLiteral("pool_state");
// Readiness of a pool that runs one GPU alone (set when it is provisioned and by each round).
const QString kSingleGpuReadiness
    = QStringLiteral("no warm standby on this host: only the CPU standby and snapshots, where set, protect the pool");

// What a failed probe says about the instance depends on what got through.
Observation::Ssh sshView(const HealthSample &s)
{
    using Ssh = Observation::Ssh;
    if (s.status == HealthSample::Status::Healthy)
        return Ssh::Ok;
    if (s.status == HealthSample::Status::Unhealthy)
        return Ssh::GpuSick;
    switch (s.path) {
    case HealthSample::Path::Unreachable:
        return Ssh::Unreachable;
    case HealthSample::Path::Answers:
        return Ssh::Slow;
    case HealthSample::Path::NotChecked:
    case HealthSample::Path::Refused:
    case HealthSample::Path::Silent:
        break;
    }
    return Ssh::Failed;
}

// The provider lost the host's heartbeat: it may be down, or only cut off from the provider.
bool isOffline(const CloudInstance &i)
{
    return i.actualStatus == u"offline" || i.actualStatus == u"unknown";
}

Observation::Api apiView(const Result<std::optional<CloudInstance>> &r, QString *detail)
{
    using Api = Observation::Api;
    if (!r) {
        *detail = r.error().message;
        if (r.error().code == clouderr::Auth)
            return Api::AuthError;
        if (r.error().code == clouderr::RateLimited)
            return Api::RateLimited;
        return Api::Unreachable;
    }
    if (!r->has_value()) {
        *detail = QStringLiteral("the provider no longer knows the instance (destroyed)");
        return Api::Gone;
    }
    const CloudInstance &i = **r;
    *detail = i.actualStatus.isEmpty() ? QStringLiteral("provisioning") : i.actualStatus;
    if (i.actualStatus == u"running")
        return Api::Running;
    if (isOffline(i))
        return Api::Offline;
    if (i.actualStatus == u"exited") {
        *detail = QStringLiteral("the container exited: %1").arg(i.statusMsg);
        return Api::Gone;
    }
    if (i.curState == u"stopped" || i.actualStatus == u"stopped") {
        *detail = QStringLiteral("stopped by the provider (outbid, contract end or credit): %1").arg(i.statusMsg);
        return Api::Gone;
    }
    return Api::Starting;
}

bool isStopped(const std::optional<CloudInstance> &i)
{
    // Gone counts as stopped: a destroyed instance cannot write.
    return !i
        || (i->curState == u"stopped"
            && (i->actualStatus == u"stopped" || i->actualStatus == u"exited" || i->actualStatus.isEmpty()));
}

} // namespace

QString toString(WarmPool::State s)
{
    switch (s) {
    case WarmPool::State::Disabled:
        return QStringLiteral("disabled");
    case WarmPool::State::Searching:
        return QStringLiteral("searching");
    case WarmPool::State::Provisioning:
        return QStringLiteral("provisioning");
    case WarmPool::State::Active:
        return QStringLiteral("active");
    case WarmPool::State::Failover:
        return QStringLiteral("failover");
    case WarmPool::State::Degraded:
        return QStringLiteral("degraded");
    case WarmPool::State::Paused:
        return QStringLiteral("paused");
    case WarmPool::State::Hibernated:
        return QStringLiteral("hibernated");
    }
    return {};
}

QString toString(WarmPool::Readiness r)
{
    switch (r) {
    case WarmPool::Readiness::Unknown:
        return QStringLiteral("unknown");
    case WarmPool::Readiness::Green:
        return QStringLiteral("green");
    case WarmPool::Readiness::Amber:
        return QStringLiteral("amber");
    case WarmPool::Readiness::Red:
        return QStringLiteral("red");
    }
    return {};
}

QJsonObject WarmPool::Record::toJson() const
{
    const auto ids = [](const QList<qint64> &list) {
        QJsonArray a;
        for (qint64 id : list)
            a.append(double(id));
        return a;
    };
    return { { QStringLiteral("machine_id"), double(machineId) }, { QStringLiteral("volume_id"), double(volumeId) },
        { QStringLiteral("primary_id"), double(primaryId) }, { QStringLiteral("standby_id"), double(standbyId) },
        { QStringLiteral("generation"), double(generation) }, { QStringLiteral("failovers"), failovers },
        { QStringLiteral("failed_machines"), ids(failedMachines) }, { QStringLiteral("warm_standby"), warmStandby },
        { QStringLiteral("hibernated"), hibernated }, { QStringLiteral("left_volumes"), ids(leftVolumes) } };
}

WarmPool::Record WarmPool::Record::fromJson(const QJsonObject &o)
{
    Record r;
    r.machineId = qint64(o.value(QStringLiteral("machine_id")).toDouble());
    r.volumeId = qint64(o.value(QStringLiteral("volume_id")).toDouble());
    r.primaryId = qint64(o.value(QStringLiteral("primary_id")).toDouble());
    r.standbyId = qint64(o.value(QStringLiteral("standby_id")).toDouble());
    r.generation = qint64(o.value(QStringLiteral("generation")).toDouble());
    r.failovers = o.value(QStringLiteral("failovers")).toInt();
    r.warmStandby = o.value(QStringLiteral("warm_standby")).toBool(true);
    r.hibernated = o.value(QStringLiteral("hibernated")).toBool(false);
    for (const QJsonValue &v : o.value(QStringLiteral("failed_machines")).toArray())
        r.failedMachines.append(qint64(v.toDouble()));
    for (const QJsonValue &v : o.value(QStringLiteral("left_volumes")).toArray())
        r.leftVolumes.append(qint64(v.toDouble()));
    return r;
}

QJsonObject WarmPool::Timeline::toJson() const
{
    return { { QStringLiteral("failover_id"), double(failoverId) }, { QStringLiteral("reason"), reason },
        { QStringLiteral("old_primary"), double(oldPrimary) }, { QStringLiteral("new_primary"), double(newPrimary) },
        { QStringLiteral("generation"), double(generation) }, { QStringLiteral("detection_ms"), double(detectionMs) },
        { QStringLiteral("fenced_after_ms"), double(fencedMs) },
        { QStringLiteral("standby_running_after_ms"), double(standbyRunningMs) },
        { QStringLiteral("ssh_ready_after_ms"), double(sshReadyMs) }, { QStringLiteral("total_ms"), double(doneMs) },
        { QStringLiteral("ok"), ok }, { QStringLiteral("outcome"), outcome } };
}

WarmPool::WarmPool(PoolConfig config, Services services, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_s(services)
    , m_detector({ m_config.failureThreshold, m_config.healthIntervalMs, m_config.offlineGraceMs })
{
    qRegisterMetaType<WarmPool::State>();
    m_healthTimer = m_s.clock->createTimer(this);
    connect(m_healthTimer.get(), &ClockTimer::timeout, this, &WarmPool::healthRound);
    m_readinessTimer = m_s.clock->createTimer(this);
    connect(m_readinessTimer.get(), &ClockTimer::timeout, this, &WarmPool::readinessRound);
}

WarmPool::~WarmPool() = default;

qint64 WarmPool::now() const
{
    return m_s.clock->monotonicMs();
}

QString WarmPool::label(const QString &role) const
{
    return QStringLiteral("gpf-%1-%2-%3")
        .arg(m_config.id, role)
        .arg(QRandomGenerator::global()->generate() % 1000000, 6, 10, QLatin1Char('0'));
}

void WarmPool::after(qint64 ms, std::function<void()> fn)
{
    m_s.clock->singleShot(ms, m_ops.get(), std::move(fn));
}

qint64 WarmPool::step(const QString &kind, const QJsonObject &data)
{
    const auto id = m_s.journal->beginStep(m_config.id, kind, data);
    if (!id) {
        // Intent before action: if the intent cannot be written, the action is not taken.
        qCCritical(lcCore) << "cannot journal" << kind << ":" << id.error().message;
        Q_EMIT alert(QStringLiteral("journal"), id.error().message);
        return 0;
    }
    return *id;
}

void WarmPool::endStep(qint64 id, bool ok, const QJsonObject &data)
{
    if (id)
        m_s.journal->endStep(id, ok, data);
}

void WarmPool::saveRecord()
{
    m_s.journal->append(m_config.id, kRecordKind, m_record.toJson());
}

void WarmPool::noteSeen(const CloudInstance &instance)
{
    // Only the pool's current instances: those a failover replaced are forgotten.
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (it.key() != m_record.primaryId && it.key() != m_record.standbyId)
            it = m_seen.erase(it);
        else
            ++it;
    }
    m_seen.insert(instance.id, instance);
}

void WarmPool::setTimings(const Timings &t)
{
    m_config.healthIntervalMs = t.healthIntervalMs;
    m_config.failureThreshold = t.failureThreshold;
    m_config.probeTimeoutMs = t.probeTimeoutMs;
    m_config.fenceDeadlineMs = t.fenceDeadlineMs;
    m_config.standbyStartDeadlineMs = t.standbyStartDeadlineMs;
    m_detector.setParams({ t.failureThreshold, t.healthIntervalMs, m_config.offlineGraceMs });
    if (m_healthTimer->isActive())
        m_healthTimer->start(t.healthIntervalMs);
    m_s.journal->append(m_config.id, QStringLiteral("pool_config"), m_config.toJson());
}

void WarmPool::setState(State s, const QString &reason)
{
    m_lastReason = reason;
    if (s == m_state)
        return;
    const State from = m_state;
    m_state = s;
    m_s.journal->append(m_config.id, kStateKind,
        { { QStringLiteral("from"), toString(from) }, { QStringLiteral("to"), toString(s) },
            { QStringLiteral("reason"), reason } });
    qCInfo(lcCore).noquote() << "pool" << m_config.id << toString(from) << "->" << toString(s) << ":" << reason;
    const bool watching = s == State::Active || s == State::Paused;
    if (watching && !m_healthTimer->isActive()) {
        m_detector.reset();
        m_healthTimer->start(m_config.healthIntervalMs);
        m_readinessTimer->start(m_config.readinessIntervalMs);
    } else if (!watching) {
        m_healthTimer->stop();
        m_readinessTimer->stop();
    }
    Q_EMIT stateChanged(from, s, reason);
}

void WarmPool::loadFromJournal()
{
    if (const auto last = m_s.journal->newest(m_config.id, kRecordKind))
        m_record = Record::fromJson(last->data);
}

void WarmPool::start(std::optional<qint64> machine)
{
    loadFromJournal();
    recallRecentFailovers();
    const auto open = m_s.journal->openSteps(m_config.id);
    // A destroy cut short is finished, never undone: nothing of the pool is watched, resumed or
    // rented again; its owner asks for the teardown again.
    for (const JournalEvent &e : open ? *open : QList<JournalEvent>()) {
        if (e.kind == u"teardown") {
            m_teardownInterrupted = true;
            return setState(State::Disabled, QStringLiteral("being destroyed: a restart interrupted it"));
        }
    }
    if (open) {
        // Resume what a crash interrupted: the newest open failover, else an open provisioning.
        for (auto it = open->crbegin(); it != open->crend(); ++it) {
            if (it->kind == u"failover") {
                resumeFailover(it->id, it->data);
                return;
            }
        }
        for (const JournalEvent &e : *open) {
            if (e.kind == u"relocate")
                m_relocationStep = e.id; // resumed by its data source (relocate() again), not here
        }
        for (const JournalEvent &e : *open) {
            if (e.kind == u"provision") {
                setState(State::Provisioning, QStringLiteral("resuming an interrupted provisioning: rolling it back"));
                m_s.cloud->listInstances(m_ops.get(), [this, e](Result<QList<CloudInstance>> r) {
                    QList<qint64> ours;
                    if (r) {
                        for (const CloudInstance &i : *r) {
                            if (ownsLabel(i.label))
                                ours.append(i.id);
                        }
                    }
                    rollbackProvisioning(e.id, ours, 0, QStringLiteral("interrupted by a restart"), 0, false, 0);
                });
                return;
            }
        }
    }
    if (m_relocationStep)
        return setState(State::Degraded, QStringLiteral("host lost; its relocation was interrupted by a restart"));
    for (const JournalEvent &e : open ? *open : QList<JournalEvent>()) {
        if (e.kind == u"stop_standby") {
            endStep(e.id, false, { { QStringLiteral("abandoned"), QStringLiteral("the engine restarted") } });
            stopStartedStandby(qint64(e.data.value(QStringLiteral("instance")).toDouble()),
                e.data.value(QStringLiteral("reason")).toString());
        }
    }
    // A hibernation or a wake cut short: its stop or start may have reached the provider, so it
    // is finished rather than forgotten (a primary stopping unwatched would look dead; one started
    // unwatched would run beside the next wake's workload). The wake runs under a fresh generation.
    for (const JournalEvent &e : open ? *open : QList<JournalEvent>()) {
        if ((e.kind != u"hibernate" && e.kind != u"wake") || !m_record.primaryId)
            continue;
        endStep(e.id, false, { { QStringLiteral("abandoned"), QStringLiteral("the engine restarted") } });
        if (e.kind == u"hibernate" && !m_record.hibernated) {
            setState(State::Active, QStringLiteral("finishing a hibernation a restart interrupted"));
            hibernate(e.data.value(QStringLiteral("reason")).toString(), m_ops.get(), [](Status) {});
            return;
        }
        if (e.kind == u"wake" && m_record.hibernated) {
            setState(State::Hibernated, QStringLiteral("finishing a wake a restart interrupted"));
            wake(m_ops.get(), [](Status) {});
            return;
        }
    }
    if (m_record.hibernated && m_record.primaryId)
        return setState(State::Hibernated, QStringLiteral("hibernated: primary %1 is stopped").arg(m_record.primaryId));
    if (m_record.primaryId) {
        setState(State::Active, QStringLiteral("watching primary %1").arg(m_record.primaryId));
        resumeAfterPromotion(open ? *open : QList<JournalEvent>());
        return;
    }
    provision(machine);
}

void WarmPool::hibernate(const QString &why, QObject *context, std::function<void(Status)> done)
{
    const auto answer = whileAlive(context, std::move(done));
    if (m_state != State::Active || !m_record.primaryId)
        return answer(Error { QStringLiteral("not_active"), QStringLiteral("only an active pool hibernates") });
    const qint64 primary = m_record.primaryId;
    const qint64 id = step(QStringLiteral("hibernate"), { { QStringLiteral("reason"), why } });
    if (!id)
        return answer(Error { QStringLiteral("journal"), QStringLiteral("the journal cannot be written") });
    m_hibernating = true;
    // From now on a silent primary is an expected one: no health round judges it.
    setState(State::Hibernated, QStringLiteral("hibernating: %1").arg(why));
    m_s.cloud->stop(primary, m_ops.get(), [=, this](Result<Unit> stopped) {
        if (!stopped) {
            m_hibernating = false;
            endStep(id, false, { { QStringLiteral("error"), stopped.error().message } });
            setState(State::Active, QStringLiteral("hibernation failed: %1").arg(stopped.error().message));
            return answer(stopped.error());
        }
        waitFor(
            primary, m_config.fenceDeadlineMs,
            [](const std::optional<CloudInstance> &i) {
                return !i || i->actualStatus == u"stopped" || i->actualStatus == u"exited";
            },
            [=, this](std::optional<CloudInstance> i, bool confirmed, QString err) {
                m_hibernating = false;
                if (!confirmed) {
                    // Still running as far as anyone knows: it stays watched, and a wake later
                    // would start a second workload beside the first. If the stop lands after
                    // all, the health rounds see a stopped primary and the standby takes over.
                    const QString why2 = err.isEmpty() ? QStringLiteral("primary %1 not confirmed stopped (%2)")
                                                             .arg(primary)
                                                             .arg(i ? i->actualStatus : QStringLiteral("?"))
                                                       : err;
                    endStep(id, false, { { QStringLiteral("error"), why2 } });
                    m_detector.reset();
                    setState(State::Active, QStringLiteral("hibernation failed: %1; still watching it").arg(why2));
                    return answer(Error { QStringLiteral("hibernate_unconfirmed"), why2 });
                }
                endStep(id, true);
                m_record.hibernated = true;
                saveRecord();
                setState(State::Hibernated,
                    QStringLiteral("hibernated (%1): primary %2 is stopped, its volume kept").arg(why).arg(primary));
                answer(okStatus());
            });
    });
}

void WarmPool::wake(QObject *context, std::function<void(Status)> done)
{
    // A wake already under way answers every caller (a double click, the API and the schedule at
    // once): one start, one generation, one workload.
    m_wakeWaiters.append(whileAlive(context, std::move(done)));
    if (m_wakeWaiters.size() > 1)
        return;
    const auto answer = [this](const Status &s) {
        const auto waiters = std::exchange(m_wakeWaiters, {});
        for (const auto &w : waiters)
            w(s);
    };
    if (m_hibernating)
        return answer(Error { QStringLiteral("busy"),
            QStringLiteral("the pool is still being hibernated; wake it once its stop is confirmed") });
    if (m_state != State::Hibernated || !m_record.primaryId || !m_record.hibernated)
        return answer(Error { QStringLiteral("not_hibernated"), QStringLiteral("the pool is not hibernated") });
    const qint64 primary = m_record.primaryId;
    const qint64 id = step(QStringLiteral("wake"), {});
    if (!id)
        return answer(Error { QStringLiteral("journal"), QStringLiteral("the journal cannot be written") });
    // A wake that fails because the host is gone is the first anyone hears of it (nothing
    // watches a stopped primary): the pool is then degraded on a lost machine, which is what
    // brings in host-loss recovery.
    const auto failed = [=, this](const QString &why) {
        endStep(id, false, { { QStringLiteral("error"), why } });
        m_s.cloud->instance(primary, m_ops.get(), [=, this](Result<std::optional<CloudInstance>> i) {
            if (i && (!i->has_value() || (*i)->actualStatus == u"offline")) {
                if (!m_record.failedMachines.contains(m_record.machineId))
                    m_record.failedMachines.append(m_record.machineId);
                m_record.hibernated = false;
                saveRecord();
                setState(State::Degraded,
                    QStringLiteral("host lost while hibernated: machine %1 %2")
                        .arg(m_record.machineId)
                        .arg(i->has_value() ? QStringLiteral("is offline")
                                            : QStringLiteral("no longer has the primary")));
            }
            answer(Error {
                QStringLiteral("wake_failed"), QStringLiteral("the primary did not start again: %1").arg(why) });
        });
    };
    const auto waitThenActivate = [=, this] {
        waitFor(
            primary, m_config.standbyStartDeadlineMs,
            [](const std::optional<CloudInstance> &i) { return !i || (i->actualStatus == u"running" && i->ssh); },
            [=, this](std::optional<CloudInstance> inst, bool ok, QString err) {
                if (!ok || !inst)
                    return failed(err.isEmpty() ? QStringLiteral("the instance is gone") : err);
                // Same instance and volume, but a new writer (its processes started afresh): a new
                // generation, so every write still names one writer per generation.
                m_record.generation += 1;
                saveRecord();
                activate(*inst->ssh, [=, this](bool activated, QString why) {
                    endStep(
                        id, activated, activated ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), why } });
                    if (!activated)
                        return answer(Error { QStringLiteral("wake_failed"), why });
                    m_record.hibernated = false;
                    saveRecord();
                    m_detector.reset();
                    setState(State::Active, QStringLiteral("woken: primary %1 serves again").arg(primary));
                    answer(okStatus());
                });
            });
    };
    m_s.cloud->start(primary, m_ops.get(), [=, this](Result<Unit> started) {
        if (started)
            return waitThenActivate();
        // Refused. A host that is offline gets the grace an active pool gets (it may be back in
        // a moment); any other refusal is said now.
        m_s.cloud->instance(primary, m_ops.get(), [=, this](Result<std::optional<CloudInstance>> i) {
            if (i && i->has_value() && (*i)->actualStatus == u"offline")
                return waitThenActivate();
            failed(started.error().message);
        });
    });
}

void WarmPool::relocate(const QString &why, VolumePreparer prepare)
{
    // One rebuild at a time: a second tier finding the host lost while the first one's rebuild
    // rents would rent a second pair, and the volume kept would be restored by neither.
    if (m_relocationStep && (m_state == State::Searching || m_state == State::Provisioning)) {
        qCInfo(lcCore).noquote() << "pool" << m_config.id << "is already being rebuilt; not again for:" << why;
        return;
    }
    if (m_relocationStep)
        endStep(m_relocationStep, false, { { QStringLiteral("error"), QStringLiteral("superseded") } });
    m_relocationStep = step(QStringLiteral("relocate"),
        { { QStringLiteral("reason"), why }, { QStringLiteral("old"), m_record.toJson() } });
    if (!m_relocationStep)
        return setState(State::Degraded, QStringLiteral("the journal cannot be written"));
    qCWarning(lcCore).noquote() << "pool" << m_config.id << "relocating:" << why;
    if (m_record.machineId && !m_record.failedMachines.contains(m_record.machineId))
        m_record.failedMachines.append(m_record.machineId);
    // The lost host's instances are never started again; destroying them stops their billing if
    // the host comes back. Its volume is kept (if the host comes back, it may hold writes newer
    // than the snapshot) and remembered, so that destroying the pool deletes it too.
    for (qint64 old : { m_record.primaryId, m_record.standbyId }) {
        if (old)
            m_s.cloud->destroy(old, m_ops.get(), [](Result<Unit>) {});
    }
    if (m_record.volumeId && !m_record.leftVolumes.contains(m_record.volumeId))
        m_record.leftVolumes.append(m_record.volumeId);
    m_record.primaryId = m_record.standbyId = m_record.volumeId = 0;
    m_record.machineId = 0;
    saveRecord();
    m_prepare = std::move(prepare);
    search();
}

void WarmPool::checkPrimary(QObject *context, std::function<void(PrimaryCheck)> done)
{
    const QPointer<QObject> ctx(context);
    const auto answer = [this, ctx, done](PrimaryFate fate, const QString &detail) {
        if (fate != PrimaryFate::Offline && fate != PrimaryFate::Lost)
            m_silentSinceMs.reset();
        if (ctx)
            done(PrimaryCheck { fate, detail });
    };
    const qint64 primaryId = m_record.primaryId;
    if (!primaryId)
        return answer(PrimaryFate::Gone, QStringLiteral("the pool has no primary"));
    m_s.cloud->instance(primaryId, m_ops.get(), [=, this](Result<std::optional<CloudInstance>> r) {
        if (!r)
            return answer(PrimaryFate::Unknown, r.error().message);
        if (!r->has_value())
            return answer(PrimaryFate::Gone, QStringLiteral("primary %1 no longer exists").arg(primaryId));
        const CloudInstance i = **r;
        if (i.actualStatus == u"stopped" || i.actualStatus == u"exited")
            return answer(PrimaryFate::Stopped, QStringLiteral("primary %1 is %2").arg(primaryId).arg(i.actualStatus));
        if (!isOffline(i))
            return answer(PrimaryFate::Runs,
                QStringLiteral("primary %1 is %2 according to the provider")
                    .arg(primaryId)
                    .arg(i.actualStatus.isEmpty() ? QStringLiteral("starting") : i.actualStatus));
        const auto silent = [=, this](const QString &why) {
            // A silence the health rounds already saw counts from when they first saw it.
            if (!m_silentSinceMs)
                m_silentSinceMs = m_detector.offlineSinceMs().value_or(now());
            const qint64 silentMs = now() - *m_silentSinceMs;
            const QString detail = QStringLiteral("primary %1 offline for the provider and unreachable (%2) for %3 s")
                                       .arg(primaryId)
                                       .arg(why)
                                       .arg(silentMs / 1000);
            if (silentMs >= m_config.offlineGraceMs)
                return answer(PrimaryFate::Lost, detail);
            answer(PrimaryFate::Offline,
                QStringLiteral("%1 of its %2 s grace").arg(detail).arg(m_config.offlineGraceMs / 1000));
        };
        if (!i.ssh)
            return silent(QStringLiteral("no SSH address"));
        m_s.access->probe(*i.ssh, m_config.probeTimeoutMs, m_ops.get(), [=](HealthSample sample) {
            if (machineAnswers(sshView(sample)))
                return answer(PrimaryFate::Answers,
                    QStringLiteral("primary %1 is offline for the provider but answers SSH: it may still write")
                        .arg(primaryId));
            silent(sample.reason);
        });
    });
}

void WarmPool::stop()
{
    m_ops = std::make_unique<QObject>(); // drops every pending callback
    m_roundsInFlight = 0;
    m_roundResults.clear();
    m_nextRoundToApply = m_nextRoundSeq;
    m_healthTimer->stop();
    m_readinessTimer->stop();
    m_hibernating = false;
    for (const auto &waiter : std::exchange(m_wakeWaiters, {}))
        waiter(Error { QStringLiteral("stopped"), QStringLiteral("the engine stopped before the wake finished") });
    setState(State::Disabled, QStringLiteral("stopped"));
}

void WarmPool::setAutomationPaused(bool paused)
{
    m_automationPaused = paused;
    m_s.journal->append(m_config.id, QStringLiteral("automation"), { { QStringLiteral("paused"), paused } });
    if (paused && m_state == State::Active)
        setState(State::Paused, QStringLiteral("automation paused"));
    else if (!paused && m_state == State::Paused)
        setState(State::Active, QStringLiteral("automation resumed"));
}

QString WarmPool::onstartPreparation()
{
    // POSIX sh, for any image: the package manager the image has, quietly, logged on the instance.
    return QStringLiteral(
        "#!/bin/sh\n"
        "# GPU Failover: tools the CPU standby's copies need. The workload is started by the engine.\n"
        "command -v rsync >/dev/null 2>&1 || {\n"
        "  if command -v apt-get >/dev/null 2>&1; then\n"
        "    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync\n"
        "  elif command -v apk >/dev/null 2>&1; then apk add --no-cache rsync\n"
        "  elif command -v dnf >/dev/null 2>&1; then dnf install -y rsync\n"
        "  elif command -v yum >/dev/null 2>&1; then yum install -y rsync\n"
        "  fi\n"
        "} >>/var/log/gpufailover-onstart.log 2>&1\n");
}

void WarmPool::setWarmPoolEnabled(bool enabled)
{
    if (m_config.warmPoolEnabled == enabled)
        return;
    m_config.warmPoolEnabled = enabled;
    m_s.journal->append(m_config.id, QStringLiteral("warm_pool"), { { QStringLiteral("enabled"), enabled } });
    if (enabled && m_state == State::Active && !m_record.standbyId && m_record.warmStandby)
        repairStandby(QStringLiteral("the warm pool was turned on"));
    readinessRound();
}

void WarmPool::teardown(QObject *context, std::function<void(Status)> done)
{
    stop();
    // Whatever was under way (a failover, a rent, an earlier teardown) ends here: a restart, or a
    // new pool of the same name, must not resume any of it.
    if (const auto open = m_s.journal->openSteps(m_config.id)) {
        for (const JournalEvent &e : *open)
            endStep(e.id, false, { { QStringLiteral("abandoned"), QStringLiteral("the pool is being destroyed") } });
    }
    m_relocationStep = 0;
    const qint64 id = step(QStringLiteral("teardown"), m_record.toJson());
    QPointer<QObject> ctx(context);
    if (!id) {
        if (ctx)
            done(Error {
                QStringLiteral("journal"), QStringLiteral("the journal cannot be written; nothing destroyed") });
        return;
    }
    // Every instance the provider holds under this pool's labels, not only the record's: a rent
    // in flight (a new standby after a failover) has no id in the record yet, and its reply was
    // just dropped with the pending calls.
    m_s.cloud->listInstances(m_ops.get(), [this, id, ctx, done](Result<QList<CloudInstance>> all) {
        if (!all) {
            endStep(id, false, { { QStringLiteral("error"), all.error().message } });
            if (ctx)
                done(Error { all.error().code,
                    QStringLiteral("the pool's instances cannot be listed, so nothing was destroyed: %1")
                        .arg(all.error().message),
                    all.error().httpStatus });
            return;
        }
        QList<qint64> instances;
        for (qint64 i : { m_record.primaryId, m_record.standbyId }) {
            if (i)
                instances.append(i);
        }
        for (const CloudInstance &i : *all) {
            if (ownsLabel(i.label) && !instances.contains(i.id))
                instances.append(i.id);
        }
        destroyAll(id, instances, ctx, done);
    });
}

bool WarmPool::ownsLabel(const QString &label) const
{
    // Exactly this pool's: pool "a" must not claim pool "a-b"'s "gpf-a-b-primary-123456".
    static const QRegularExpression roles(QStringLiteral("^(primary|standby)-\\d{6}$"));
    const QString prefix = QStringLiteral("gpf-%1-").arg(m_config.id);
    return label.startsWith(prefix) && roles.match(QStringView(label).mid(prefix.size())).hasMatch();
}

void WarmPool::destroyAll(
    qint64 id, const QList<qint64> &instances, QPointer<QObject> ctx, std::function<void(Status)> done)
{
    auto finish = [this, id, ctx, done](Status s) {
        endStep(id, s.ok(), s.ok() ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), s.error().message } });
        if (s) {
            m_record = Record {};
            saveRecord();
        }
        if (ctx)
            done(s);
    };
    auto remaining = std::make_shared<int>(int(instances.size()));
    auto firstError = std::make_shared<std::optional<Error>>();
    // Its volume, then those left on lost hosts.
    QList<qint64> volumes = m_record.leftVolumes;
    if (m_record.volumeId)
        volumes.prepend(m_record.volumeId);
    const auto deleteVolumes = [this, finish, firstError, volumes] {
        if (*firstError)
            return finish(**firstError);
        this->deleteVolumes(volumes, finish);
    };
    if (instances.isEmpty())
        return deleteVolumes();
    for (qint64 i : instances) {
        m_s.cloud->destroy(i, m_ops.get(), [remaining, firstError, deleteVolumes](Result<Unit> r) {
            if (!r && !*firstError)
                *firstError = r.error();
            if (--*remaining == 0)
                deleteVolumes();
        });
    }
}

// One after the other; one already gone counts as deleted.
void WarmPool::deleteVolumes(QList<qint64> volumes, std::function<void(Status)> done)
{
    if (volumes.isEmpty())
        return done(okStatus());
    const qint64 volume = volumes.takeFirst();
    m_s.cloud->deleteVolume(volume, m_ops.get(), [this, volumes, done](Result<Unit> r) {
        if (!r && r.error().httpStatus != 404)
            return done(r.error());
        deleteVolumes(volumes, done);
    });
}

// ---------------------------------------------------------------- provisioning

void WarmPool::provision(std::optional<qint64> machineId)
{
    // With the warm pool off, one GPU is rented: the CPU standby and the snapshots protect it.
    if (machineId)
        provisionOn(*machineId, 0, !m_config.warmPoolEnabled);
    else
        search();
}

void WarmPool::search(int attempt)
{
    if (!m_config.warmPoolEnabled) {
        setState(State::Searching, QStringLiteral("looking for a host with a free GPU (the warm pool is off)"));
        return searchSingle(attempt);
    }
    setState(State::Searching, QStringLiteral("looking for a host with %1 free GPUs").arg(m_config.minGpus));
    HostQuery q;
    q.gpuNames = m_config.gpuNames;
    q.minFreeGpus = m_config.minGpus;
    q.maxPricePerGpuHour = m_config.maxPricePerGpuHour;
    q.minReliability = m_config.minReliability;
    q.excludeMachines = m_record.failedMachines;
    m_s.cloud->findHosts(q, m_ops.get(), [this, attempt](Result<QList<HostGroup>> r) {
        if (!r) {
            setState(State::Degraded, QStringLiteral("host search failed: %1").arg(r.error().message));
            return;
        }
        for (const HostGroup &h : *r) {
            if (!m_record.failedMachines.contains(h.machineId)) {
                provisionOn(h.machineId, attempt);
                return;
            }
        }
        if (m_config.fallbackToCpuStandby && m_config.minGpus > 1)
            return searchSingle(attempt);
        setState(State::Degraded,
            QStringLiteral("no host has %1 free %2 GPUs within the limits; no warm pool")
                .arg(m_config.minGpus)
                .arg(m_config.gpuNames.join(QStringLiteral("/"))));
    });
}

// The original design's decision flow: no host with room for a warm pair, so one GPU alone,
// protected by the CPU standby (and snapshots) instead of a warm standby.
void WarmPool::searchSingle(int attempt)
{
    HostQuery q;
    q.gpuNames = m_config.gpuNames;
    q.minFreeGpus = 1;
    q.maxPricePerGpuHour = m_config.maxPricePerGpuHour;
    q.minReliability = m_config.minReliability;
    q.excludeMachines = m_record.failedMachines;
    m_s.cloud->findHosts(q, m_ops.get(), [this, attempt](Result<QList<HostGroup>> r) {
        if (r) {
            for (const HostGroup &h : *r) {
                if (!m_record.failedMachines.contains(h.machineId)) {
                    qCInfo(lcCore).noquote()
                        << "pool" << m_config.id
                        << (m_config.warmPoolEnabled ? ": no host for a warm pair;" : ": the warm pool is off;")
                        << "one GPU on machine" << h.machineId << "; the CPU standby and snapshots, if set, protect it";
                    return provisionOn(h.machineId, attempt, true);
                }
            }
        }
        setState(State::Degraded,
            QStringLiteral("no host has a free %1 GPU within the limits")
                .arg(m_config.gpuNames.join(QStringLiteral("/"))));
    });
}

void WarmPool::provisionOn(qint64 machineId, int attempt, bool single)
{
    setState(State::Provisioning, QStringLiteral("provisioning on machine %1").arg(machineId));
    const QString prefix = QStringLiteral("gpf-%1-").arg(m_config.id);
    const qint64 stepId = step(QStringLiteral("provision"),
        { { QStringLiteral("machine_id"), double(machineId) }, { QStringLiteral("label_prefix"), prefix } });
    if (!stepId)
        return setState(State::Degraded, QStringLiteral("the journal cannot be written"));
    RentRequest primary;
    primary.onstart = onstartPreparation();
    primary.label = label(QStringLiteral("primary"));
    primary.image = m_config.image;
    primary.diskGb = m_config.diskGb;
    primary.newVolumeSizeGb = m_config.volumeSizeGb;
    primary.volumeName = QStringLiteral("gpf_%1").arg(m_config.id).replace(u'-', u'_');
    primary.sshPublicKeys = m_config.sshPublicKeys;
    m_s.cloud->rentOnMachine(machineId, primary, m_ops.get(), [=, this](Result<qint64> p) {
        if (!p)
            return rollbackProvisioning(stepId, {}, 0,
                QStringLiteral("renting the primary failed: %1").arg(p.error().message), machineId,
                p.error().code == clouderr::NoCapacity, attempt);
        const qint64 primaryId = *p;
        waitFor(
            primaryId, m_config.provisionDeadlineMs,
            [](const std::optional<CloudInstance> &i) { return !i || (i->actualStatus == u"running" && i->ssh); },
            [=, this](std::optional<CloudInstance> inst, bool ok, QString err) {
                const qint64 volumeId = inst && !inst->volumeIds.isEmpty() ? inst->volumeIds.first() : 0;
                if (!ok || !inst)
                    return rollbackProvisioning(stepId, { primaryId }, volumeId,
                        QStringLiteral("the primary never ran: %1").arg(err), machineId, true, attempt);
                if (!volumeId)
                    return rollbackProvisioning(stepId, { primaryId }, 0, QStringLiteral("the primary has no volume"),
                        machineId, true, attempt);
                const SshEndpoint endpoint = *inst->ssh;
                const auto standby = [=, this](std::function<void(Result<qint64>)> rented) {
                    if (single)
                        return rented(qint64(0)); // no warm standby: the CPU standby protects this pool
                    rentStandby(machineId, volumeId, label(QStringLiteral("standby")), m_ops.get(), std::move(rented));
                };
                standby([=, this](Result<qint64> s) {
                    if (!s)
                        return rollbackProvisioning(stepId, { primaryId }, volumeId,
                            QStringLiteral("renting the standby failed: %1").arg(s.error().message), machineId,
                            s.error().code == clouderr::NoCapacity, attempt);
                    m_record.machineId = machineId;
                    m_record.volumeId = volumeId;
                    m_record.primaryId = primaryId;
                    m_record.standbyId = *s;
                    m_record.warmStandby = !single;
                    m_record.generation = qMax<qint64>(1, m_record.generation + 1);
                    prepareVolume(endpoint, [=, this](bool prepared, QString prepareError) {
                        if (!prepared)
                            return rollbackProvisioning(stepId, { primaryId, *s }, volumeId,
                                QStringLiteral("the new volume could not be filled: %1").arg(prepareError), machineId,
                                false, attempt);
                        activate(endpoint, [=, this](bool activated, QString why) {
                            if (!activated)
                                return rollbackProvisioning(stepId, { primaryId, *s }, volumeId,
                                    QStringLiteral("the primary could not be prepared: %1").arg(why), machineId, true,
                                    attempt);
                            saveRecord();
                            endStep(stepId, true, m_record.toJson());
                            finishRelocation(QStringLiteral("rebuilt on machine %1").arg(machineId));
                            m_readiness = single ? Readiness::Amber : Readiness::Green;
                            m_readinessReason = single ? kSingleGpuReadiness
                                                       : QStringLiteral("standby %1 is stopped and ready").arg(*s);
                            setState(State::Active,
                                single ? QStringLiteral("primary %1 active on machine %2, no warm standby")
                                             .arg(primaryId)
                                             .arg(machineId)
                                       : QStringLiteral("primary %1 active, standby %2 stopped on machine %3")
                                             .arg(primaryId)
                                             .arg(*s)
                                             .arg(machineId));
                        });
                    });
                });
            });
    });
}

void WarmPool::rentStandby(qint64 machineId, qint64 volumeId, const QString &standbyLabel, QObject *context,
    std::function<void(Result<qint64>)> done)
{
    RentRequest standby;
    standby.label = standbyLabel;
    standby.onstart = onstartPreparation();
    standby.image = m_config.image;
    standby.diskGb = m_config.diskGb;
    standby.volumeId = volumeId;
    standby.sshPublicKeys = m_config.sshPublicKeys;
    standby.startStopped = true;
    m_s.cloud->rentOnMachine(machineId, standby, context, std::move(done));
}

void WarmPool::prepareVolume(const SshEndpoint &endpoint, std::function<void(bool, QString)> done)
{
    if (!m_prepare)
        return done(true, {});
    const qint64 id = step(QStringLiteral("prepare_volume"), {});
    m_prepare(endpoint, m_ops.get(), [=, this](Result<QJsonObject> r) {
        endStep(id, r.ok(), r ? *r : QJsonObject { { QStringLiteral("error"), r.error().message } });
        done(r.ok(), r ? QString() : r.error().message);
    });
}

void WarmPool::finishRelocation(const QString &detail)
{
    // Only success closes a relocation: until then the pool still needs one (relocationPending).
    if (!m_relocationStep)
        return;
    endStep(m_relocationStep, true, { { QStringLiteral("detail"), detail } });
    m_relocationStep = 0;
    m_prepare = nullptr;
    Q_EMIT alert(QStringLiteral("relocated"), detail);
}

// Writes the generation marker on the volume, then starts the workload: in that order, so every
// write the workload makes carries the generation of the instance that holds the volume.
void WarmPool::activate(const SshEndpoint &endpoint, std::function<void(bool, QString)> done)
{
    const QString marker
        // Durable before anything may write under it: the file, then the rename in its directory.
        = QStringLiteral("mkdir -p /workspace/.gpufailover && echo %1 > /workspace/.gpufailover/generation.tmp && "
                         "sync /workspace/.gpufailover/generation.tmp && "
                         "mv -f /workspace/.gpufailover/generation.tmp /workspace/.gpufailover/generation && "
                         "sync /workspace/.gpufailover")
              .arg(m_record.generation);
    m_s.access->run(endpoint, marker, m_config.probeTimeoutMs * 2, m_ops.get(), [=, this](Result<QByteArray> r) {
        if (!r)
            return done(false, QStringLiteral("writing the generation marker failed: %1").arg(r.error().message));
        if (m_config.startCommand.isEmpty())
            return done(true, {});
        m_s.access->run(
            endpoint, m_config.startCommand, m_config.probeTimeoutMs * 2, m_ops.get(), [done](Result<QByteArray> s) {
                done(
                    s.ok(), s.ok() ? QString() : QStringLiteral("the start command failed: %1").arg(s.error().message));
            });
    });
}

void WarmPool::rollbackProvisioning(qint64 stepId, QList<qint64> instances, qint64 volumeId, const QString &why,
    qint64 machineId, bool blameMachine, int attempt)
{
    qCWarning(lcCore).noquote() << "pool" << m_config.id << "provisioning failed:" << why << "; rolling back";
    Q_EMIT alert(QStringLiteral("provision_failed"), why);
    if (blameMachine && machineId && !m_record.failedMachines.contains(machineId))
        m_record.failedMachines.append(machineId);
    auto remaining = std::make_shared<int>(int(instances.size()));
    auto finish = [=, this] {
        const auto retry = [=, this] {
            endStep(stepId, false, { { QStringLiteral("error"), why } });
            m_record.primaryId = m_record.standbyId = m_record.volumeId = 0;
            saveRecord();
            if (attempt + 1 < 3 && machineId)
                return search(attempt + 1);
            setState(State::Degraded, QStringLiteral("provisioning failed: %1").arg(why));
        };
        if (!volumeId)
            return retry();
        m_s.cloud->deleteVolume(volumeId, m_ops.get(), [retry](Result<Unit>) { retry(); });
    };
    if (instances.isEmpty())
        return finish();
    instances.removeAll(0); // a standby never rented
    remaining = std::make_shared<int>(int(instances.size()));
    if (instances.isEmpty())
        return finish();
    // The volume can only be deleted once no instance (not even a stopped one) uses it.
    for (qint64 id : instances) {
        m_s.cloud->destroy(id, m_ops.get(), [=](Result<Unit>) {
            if (--*remaining == 0)
                finish();
        });
    }
}

// ---------------------------------------------------------------- watching

void WarmPool::healthRound()
{
    const int maxInFlight = int(m_config.probeTimeoutMs / qMax<qint64>(1, m_config.healthIntervalMs)) + 2;
    if (m_roundsInFlight >= maxInFlight || !m_record.primaryId
        || (m_state != State::Active && m_state != State::Paused))
        return;
    ++m_roundsInFlight;
    const qint64 seq = m_nextRoundSeq++;
    m_roundResults.insert(seq, std::nullopt);
    const qint64 primaryId = m_record.primaryId;
    struct Round
    {
        std::optional<Result<std::optional<CloudInstance>>> api;
        std::optional<HealthSample> ssh;
        bool probed = false;
    };
    auto round = std::make_shared<Round>();
    auto conclude = [this, round, primaryId, seq] {
        if (!round->api || (round->probed && !round->ssh))
            return;
        --m_roundsInFlight;
        Observation o;
        o.api = apiView(*round->api, &o.apiDetail);
        if (*round->api && round->api->value().has_value())
            noteSeen(*round->api->value());
        if (!round->probed) {
            o.ssh = Observation::Ssh::Failed;
            o.sshDetail = QStringLiteral("no SSH endpoint");
        } else {
            o.ssh = sshView(*round->ssh);
            o.sshDetail = round->ssh->reason;
        }
        o.monotonicMs = m_s.clock->monotonicMs();
        o.bootTimeMs = m_s.clock->bootTimeMs();
        m_roundResults[seq] = o;
        // Apply finished rounds in start order; a round for an old primary is dropped.
        while (!m_roundResults.isEmpty() && m_roundResults.firstKey() == m_nextRoundToApply
            && m_roundResults.first().has_value()) {
            const Observation ready = *m_roundResults.take(m_nextRoundToApply);
            ++m_nextRoundToApply;
            if (m_record.primaryId == primaryId && (m_state == State::Active || m_state == State::Paused))
                onVerdict(m_detector.observe(ready));
        }
    };
    // The API first: its answer also tells where to probe (addresses change on restart).
    m_s.cloud->instance(primaryId, m_ops.get(), [this, round, conclude](Result<std::optional<CloudInstance>> r) {
        std::optional<SshEndpoint> endpoint;
        if (r && r->has_value())
            endpoint = (*r)->ssh;
        round->api = std::move(r);
        if (!endpoint) {
            conclude();
            return;
        }
        round->probed = true;
        const qint64 probeStart = m_s.clock->monotonicMs();
        m_s.access->probe(*endpoint, m_config.probeTimeoutMs, m_ops.get(), [=, this](HealthSample s) {
            s.latencyMs = m_s.clock->monotonicMs() - probeStart; // on the engine's clock, as its timeouts
            Q_EMIT probed(s);
            round->ssh = std::move(s);
            conclude();
        });
    });
}

void WarmPool::onVerdict(const FailureDetector::Outcome &o)
{
    Q_EMIT healthChecked(o);
    m_s.journal->append(m_config.id, QStringLiteral("health"),
        { { QStringLiteral("verdict"), toString(o.verdict) }, { QStringLiteral("reason"), o.reason },
            { QStringLiteral("failures"), o.consecutiveFailures } });
    if (o.credentialsAlert)
        Q_EMIT alert(QStringLiteral("credentials"),
            QStringLiteral("the provider rejected the API key; failover is not possible until it is fixed"));
    if (o.verdict == FailureDetector::Verdict::Suspect)
        Q_EMIT alert(o.ambiguous ? QStringLiteral("ambiguous") : QStringLiteral("suspect"), o.reason);
    if (o.verdict == FailureDetector::Verdict::Healthy)
        m_firstBadCheckMs = -1;
    else if (o.consecutiveFailures > 0 && m_firstBadCheckMs < 0)
        m_firstBadCheckMs = now();
    if (o.verdict != FailureDetector::Verdict::Dead)
        return;
    if (m_automationPaused || m_state == State::Paused) {
        Q_EMIT alert(QStringLiteral("dead_paused"),
            QStringLiteral("primary is dead (%1) but automation is paused").arg(o.reason));
        return;
    }
    if (m_lastFailoverEndMs >= 0 && now() - m_lastFailoverEndMs < m_config.cooldownMs) {
        Q_EMIT alert(QStringLiteral("cooldown"),
            QStringLiteral("primary is dead (%1) within the cooldown; waiting").arg(o.reason));
        return;
    }
    // Damping: too many failovers in an hour means something else is wrong (automation resumed
    // by hand within the hour lands here).
    if (pauseIfStorming(QStringLiteral("the primary is dead: %1").arg(o.reason)))
        return;
    beginFailover(o.reason, true);
}

void WarmPool::readinessRound()
{
    if (m_state != State::Active && m_state != State::Paused)
        return;
    const auto set = [this](Readiness r, const QString &why) {
        if (r != m_readiness || why != m_readinessReason) {
            m_readiness = r;
            m_readinessReason = why;
            m_s.journal->append(m_config.id, QStringLiteral("readiness"),
                { { QStringLiteral("level"), toString(r) }, { QStringLiteral("reason"), why } });
            Q_EMIT readinessChanged(r, why);
            if (r == Readiness::Red)
                Q_EMIT alert(QStringLiteral("standby_red"), why);
        }
    };
    if (!m_config.warmPoolEnabled)
        return set(
            Readiness::Amber, QStringLiteral("the warm pool is off: the CPU standby and snapshots protect the pool"));
    if (!m_record.standbyId && !m_record.warmStandby)
        return set(Readiness::Amber, kSingleGpuReadiness);
    if (!m_record.standbyId)
        return set(Readiness::Red, QStringLiteral("no standby: a failure now falls back to the next tier"));
    const qint64 standbyId = m_record.standbyId;
    m_s.cloud->instance(standbyId, m_ops.get(), [=, this](Result<std::optional<CloudInstance>> r) {
        if (!r)
            return; // no news is not bad news
        if (r->has_value())
            noteSeen(**r);
        if (!r->has_value()) {
            set(Readiness::Red, QStringLiteral("standby %1 no longer exists").arg(standbyId));
            return repairStandby(QStringLiteral("standby %1 no longer exists").arg(standbyId));
        }
        const CloudInstance &i = **r;
        if (isOffline(i))
            return set(Readiness::Red, QStringLiteral("the host is offline"));
        const qint64 nowS = m_s.clock->now().toSecsSinceEpoch();
        m_s.cloud->freeGpus(m_record.machineId, m_ops.get(), [=, this](Result<int> free) {
            if (!free)
                return;
            if (*free == 0)
                return set(
                    Readiness::Red, QStringLiteral("no GPU is free on the host: the standby would wait in scheduling"));
            if (i.endDate > 0 && i.endDate - nowS < 7 * 86400)
                return set(Readiness::Amber,
                    QStringLiteral("the host's contract ends in %1 days").arg((i.endDate - nowS) / 86400));
            set(Readiness::Green, QStringLiteral("%1 GPU(s) free on the host for the standby").arg(*free));
        });
    });
}

// ---------------------------------------------------------------- failover

void WarmPool::failoverNow(const QString &reason)
{
    if (m_state != State::Active && m_state != State::Paused && m_state != State::Degraded)
        return;
    beginFailover(QStringLiteral("manual: %1").arg(reason), false);
}

void WarmPool::beginFailover(const QString &reason, bool automatic)
{
    if (!m_config.warmPoolEnabled || !m_record.standbyId) {
        setState(State::Degraded,
            m_config.warmPoolEnabled
                ? QStringLiteral("primary dead (%1) and no standby to take over").arg(reason)
                : QStringLiteral("primary dead (%1); the warm pool is off, so the next tier takes over").arg(reason));
        Q_EMIT alert(QStringLiteral("failover_failed"), m_lastReason);
        return;
    }
    const qint64 id = step(QStringLiteral("failover"),
        { { QStringLiteral("reason"), reason }, { QStringLiteral("automatic"), automatic },
            { QStringLiteral("old_primary"), double(m_record.primaryId) },
            { QStringLiteral("standby"), double(m_record.standbyId) },
            { QStringLiteral("generation_from"), double(m_record.generation) } });
    if (!id)
        return setState(State::Degraded, QStringLiteral("the journal cannot be written; not failing over blind"));
    Timeline t;
    t.failoverId = id;
    t.reason = reason;
    t.oldPrimary = m_record.primaryId;
    t.startMs = now();
    t.detectionMs = automatic && m_firstBadCheckMs >= 0 ? t.startMs - m_firstBadCheckMs : 0;
    if (automatic) {
        m_automaticFailoversMs.removeIf([this](qint64 at) { return now() - at >= 3600000; });
        m_automaticFailoversMs.append(now());
    }
    m_firstBadCheckMs = -1;
    m_current = t;
    Q_EMIT alert(QStringLiteral("failover_started"), reason);
    setState(State::Failover, reason);
    runFailover(id, m_record.primaryId, m_record.standbyId);
}

void WarmPool::resumeFailover(qint64 failoverId, const QJsonObject &intent)
{
    // Steps the crashed engine had begun are closed as abandoned: they are redone below, and a
    // later restart must not mistake them for work in flight.
    if (const auto open = m_s.journal->openSteps(m_config.id)) {
        for (const JournalEvent &e : *open) {
            if (e.id != failoverId)
                endStep(e.id, false, { { QStringLiteral("abandoned"), QStringLiteral("the engine restarted") } });
        }
    }
    const qint64 oldPrimary = qint64(intent.value(QStringLiteral("old_primary")).toDouble());
    const qint64 standby = qint64(intent.value(QStringLiteral("standby")).toDouble());
    // A generation chosen before the crash is never reused: the crash may have come after the
    // start command reached the standby, and a second start under the same generation would be a
    // second writer nobody can tell apart. A fresh one beyond it makes the first start stale.
    qint64 journaled = 0;
    JournalQuery q;
    q.pool = m_config.id;
    q.kinds = { QStringLiteral("generation") };
    q.afterId = failoverId;
    if (const auto r = m_s.journal->query(q))
        for (const JournalEvent &e : *r)
            if (qint64(e.data.value(QStringLiteral("failover_id")).toDouble()) == failoverId)
                journaled = qMax(journaled, qint64(e.data.value(QStringLiteral("generation")).toDouble()));
    m_record.generation = qMax(m_record.generation, journaled);
    Timeline t;
    t.failoverId = failoverId;
    t.reason = intent.value(QStringLiteral("reason")).toString() + QStringLiteral(" (resumed after a restart)");
    t.oldPrimary = oldPrimary;
    t.startMs = now();
    m_current = t;
    setState(State::Failover,
        QStringLiteral("resuming failover %1 after a restart; fencing %2 again first").arg(failoverId).arg(oldPrimary));
    runFailover(failoverId, oldPrimary, standby);
}

void WarmPool::runFailover(qint64 failoverId, qint64 oldPrimary, qint64 standby)
{
    // 1. Fence, always, even when resuming: nothing else happens until the old primary is confirmed stopped.
    fence(oldPrimary, [=, this](bool fenced, const QString &detail) {
        if (!fenced)
            return failFailover(failoverId,
                QStringLiteral("the old primary %1 could not be confirmed stopped (%2): standby not started")
                    .arg(oldPrimary)
                    .arg(detail));
        if (m_current)
            m_current->fencedMs = now() - m_current->startMs;
        // 2. New generation, journaled before the standby may write.
        const qint64 gen = m_record.generation + 1;
        const auto journaled = m_s.journal->append(m_config.id, QStringLiteral("generation"),
            { { QStringLiteral("failover_id"), double(failoverId) }, { QStringLiteral("generation"), double(gen) } });
        if (!journaled)
            return failFailover(failoverId,
                QStringLiteral("the journal cannot be written (%1): the standby is not started under a generation "
                               "a restart would not know")
                    .arg(journaled.error().message));
        // 3. Start the standby and wait until it runs and answers.
        startStandby(standby, [=, this](std::optional<SshEndpoint> endpoint, QString why) {
            if (!endpoint) {
                stopStartedStandby(standby, why);
                return failFailover(failoverId, why);
            }
            promote(failoverId, oldPrimary, standby, gen, *endpoint);
        });
    });
}

void WarmPool::fence(qint64 instanceId, StepDone done)
{
    const qint64 id = step(QStringLiteral("fence"), { { QStringLiteral("instance"), double(instanceId) } });
    if (!id)
        return done(false, QStringLiteral("the journal cannot be written; not fencing blind"));
    auto deadline = std::make_shared<qint64>(now() + m_config.fenceDeadlineMs);
    auto slowSaid = std::make_shared<bool>(false);
    auto finish = [=, this](bool ok, const QString &detail) {
        endStep(id, ok, { { QStringLiteral("detail"), detail } });
        done(ok, detail);
    };
    // Ask to stop (again on transient errors), then watch until the provider confirms it.
    auto askStop = std::make_shared<std::function<void()>>();
    *askStop = [=, this] {
        m_s.cloud->stop(instanceId, m_ops.get(), [=, this](Result<Unit> r) {
            if (!r && r.error().code != clouderr::NotFound && now() < *deadline) {
                if (r.error().code == clouderr::Auth)
                    return finish(false, r.error().message);
                return after(m_config.pollIntervalMs, *askStop);
            }
            waitFor(instanceId, *deadline - now(), isStopped,
                [=, this](std::optional<CloudInstance> i, bool ok, QString err) {
                    if (ok)
                        return finish(true, i ? QStringLiteral("stopped") : QStringLiteral("gone"));
                    const bool offline = i && isOffline(*i);
                    // waitFor gives up before the deadline only when our key is refused.
                    const bool refused = now() + m_config.pollIntervalMs <= *deadline;
                    if (!offline && !refused) {
                        // A live machine that stops slowly still holds the volume's newest
                        // writes: keep fencing and fail over to the warm standby once it is
                        // stopped. Only a machine the provider lost is left to the other tiers.
                        if (!*slowSaid) {
                            *slowSaid = true;
                            Q_EMIT alert(QStringLiteral("fence_slow"),
                                QStringLiteral("the old primary %1 is not confirmed stopped after %2 s (%3); still "
                                               "fencing, the standby waits")
                                    .arg(instanceId)
                                    .arg(m_config.fenceDeadlineMs / 1000)
                                    .arg(i ? i->actualStatus : err));
                        }
                        *deadline = now() + m_config.fenceDeadlineMs;
                        return (*askStop)();
                    }
                    finish(false,
                        err.isEmpty() ? QStringLiteral("not confirmed stopped before the fence deadline (%1)")
                                            .arg(i ? i->actualStatus : QStringLiteral("?"))
                                      : err);
                });
        });
    };
    (*askStop)();
}

void WarmPool::startStandby(qint64 standbyId, std::function<void(std::optional<SshEndpoint>, QString)> done)
{
    const qint64 id = step(QStringLiteral("start_standby"), { { QStringLiteral("instance"), double(standbyId) } });
    if (!id)
        return done(std::nullopt, QStringLiteral("the journal cannot be written; the standby is not started blind"));
    const qint64 deadline = now() + m_config.standbyStartDeadlineMs;
    m_s.cloud->start(standbyId, m_ops.get(), [=, this](Result<Unit> r) {
        if (!r && !clouderr::isTransient(r.error().code)) {
            endStep(id, false, { { QStringLiteral("error"), r.error().message } });
            return done(std::nullopt, QStringLiteral("starting the standby failed: %1").arg(r.error().message));
        }
        waitFor(
            standbyId, deadline - now(),
            [](const std::optional<CloudInstance> &i) { return !i || (i->actualStatus == u"running" && i->ssh); },
            [=, this](std::optional<CloudInstance> inst, bool ok, QString err) {
                if (!ok || !inst) {
                    const QString why = !inst
                        ? QStringLiteral("the standby disappeared")
                        : QStringLiteral("the standby did not run before its deadline (%1%2)")
                              .arg(inst->actualStatus, inst->statusMsg.isEmpty() ? QString() : u": " + inst->statusMsg);
                    endStep(id, false, { { QStringLiteral("error"), why } });
                    return done(std::nullopt, err.isEmpty() ? why : why + u"; " + err);
                }
                if (m_current)
                    m_current->standbyRunningMs = now() - m_current->startMs;
                m_wallMark = wallMs();
                // Running is not serving: wait for the GPU probe to pass over SSH.
                const SshEndpoint endpoint = *inst->ssh;
                auto probe = std::make_shared<std::function<void()>>();
                *probe = [=, this] {
                    m_s.access->probe(endpoint, m_config.probeTimeoutMs, m_ops.get(), [=, this](HealthSample s) {
                        if (s.healthy()) {
                            if (m_current) {
                                m_current->sshReadyMs = now() - m_current->startMs;
                                m_current->sshReadyWallMs = wallMs() - m_wallMark;
                            }
                            m_wallMark = wallMs();
                            endStep(id, true,
                                { { QStringLiteral("host"), endpoint.host },
                                    { QStringLiteral("port"), endpoint.port } });
                            return done(endpoint, {});
                        }
                        if (now() >= deadline) {
                            endStep(id, false, { { QStringLiteral("error"), s.reason } });
                            return done(
                                std::nullopt, QStringLiteral("the standby runs but does not answer: %1").arg(s.reason));
                        }
                        after(m_config.pollIntervalMs, *probe);
                    });
                };
                (*probe)();
            });
    });
}

void WarmPool::promote(
    qint64 failoverId, qint64 oldPrimary, qint64 newPrimary, qint64 generation, const SshEndpoint &endpoint)
{
    const qint64 id = step(QStringLiteral("promote"),
        { { QStringLiteral("instance"), double(newPrimary) }, { QStringLiteral("generation"), double(generation) } });
    if (!id) {
        stopStartedStandby(newPrimary, QStringLiteral("the journal cannot be written"));
        return failFailover(failoverId, QStringLiteral("the journal cannot be written; the standby is not promoted"));
    }
    m_record.generation = generation;
    activate(endpoint, [=, this](bool ok, QString why) {
        if (!ok) {
            endStep(id, false, { { QStringLiteral("error"), why } });
            // Its start command may have run: it must not write beside whatever serves next.
            stopStartedStandby(newPrimary, why);
            return failFailover(failoverId, why);
        }
        // A resumed failover may promote the instance a crash already recorded as primary.
        if (m_record.primaryId != newPrimary)
            ++m_record.failovers;
        m_record.primaryId = newPrimary;
        m_record.standbyId = 0;
        saveRecord();
        endStep(id, true);
        Timeline t = m_current.value_or(Timeline {});
        t.promoteWallMs = wallMs() - m_wallMark;
        t.newPrimary = newPrimary;
        t.generation = generation;
        t.doneMs = now() - t.startMs;
        t.ok = true;
        t.outcome = QStringLiteral("promoted standby %1 (generation %2)").arg(newPrimary).arg(generation);
        endStep(failoverId, true, t.toJson());
        m_current.reset();
        m_timelines.append(t);
        m_lastFailoverEndMs = now();
        m_readiness = Readiness::Red;
        m_readinessReason = QStringLiteral("no standby until a new one is rented");
        setState(State::Active, t.outcome);
        Q_EMIT failoverFinished(t);
        Q_EMIT alert(QStringLiteral("failover_finished"), t.outcome);
        pauseIfStorming(QStringLiteral("the pool runs on its new primary, and the next failure needs you"));
        afterPromotion(oldPrimary);
    });
}

int WarmPool::automaticFailoversInLastHour() const
{
    // Drills and failovers a person asked for say nothing about the hosts: only automatic ones
    // count, on the monotonic clock (a wall clock set back or forward changes nothing).
    int n = 0;
    for (qint64 at : m_automaticFailoversMs)
        n += now() - at < 3600000 ? 1 : 0;
    return n;
}

void WarmPool::recallRecentFailovers()
{
    // What happened before a restart is known only by its wall time: placed on this run's
    // monotonic clock by its age, never in the future.
    JournalQuery q;
    q.pool = m_config.id;
    q.kinds = { QStringLiteral("failover") };
    q.from = m_s.clock->now().addSecs(-3600);
    q.limit = 1000;
    const auto r = m_s.journal->query(q);
    if (!r)
        return;
    m_automaticFailoversMs.clear();
    const QDateTime wallNow = m_s.clock->now();
    for (const JournalEvent &e : *r) {
        const qint64 at = now() - qBound(qint64(0), e.time.msecsTo(wallNow), qint64(3600000));
        if (e.phase == JournalPhase::Intent && e.data.value(QStringLiteral("automatic")).toBool())
            m_automaticFailoversMs.append(at);
        else if (e.phase == JournalPhase::Outcome)
            m_lastFailoverEndMs = qMax(m_lastFailoverEndMs, at);
    }
}

bool WarmPool::pauseIfStorming(const QString &situation)
{
    // Hosts that keep failing one after the other are no longer the engine's to fix;
    // it stops at the cap (as the failover that reaches it finishes, not at the next death) and
    // pages.
    const int recent = automaticFailoversInLastHour();
    if (recent < m_config.maxFailoversPerHour || m_automationPaused)
        return false;
    setAutomationPaused(true);
    Q_EMIT alert(QStringLiteral("failover_storm"),
        QStringLiteral("%1 automatic failovers in the last hour: automation paused; %2").arg(recent).arg(situation));
    return true;
}

void WarmPool::stopStartedStandby(qint64 standbyId, const QString &why)
{
    // Asked and journaled; the tiers that take over next confirm the pool's writers are stopped.
    qCWarning(lcCore).noquote() << "pool" << m_config.id << "stopping standby" << standbyId << "again:" << why;
    const qint64 id = step(QStringLiteral("stop_standby"),
        { { QStringLiteral("instance"), double(standbyId) }, { QStringLiteral("reason"), why } });
    m_s.cloud->stop(standbyId, m_ops.get(), [this, id](Result<Unit> r) {
        endStep(id, r.ok() || r.error().code == clouderr::NotFound,
            r.ok() ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), r.error().message } });
    });
}

void WarmPool::failFailover(qint64 failoverId, const QString &why)
{
    // This machine failed us (lost, or its GPU taken from the standby): the host finder avoids it.
    if (m_record.machineId && !m_record.failedMachines.contains(m_record.machineId)) {
        m_record.failedMachines.append(m_record.machineId);
        saveRecord();
    }
    Timeline t = m_current.value_or(Timeline {});
    t.doneMs = now() - t.startMs;
    t.ok = false;
    t.outcome = why;
    endStep(failoverId, false, t.toJson());
    m_current.reset();
    m_timelines.append(t);
    m_lastFailoverEndMs = now();
    setState(State::Degraded, why);
    Q_EMIT failoverFinished(t);
    Q_EMIT alert(QStringLiteral("failover_failed"), why);
}

void WarmPool::repairStandby(const QString &why)
{
    if (m_repairing || !m_config.autoProvisionStandby || !m_config.warmPoolEnabled || !m_record.machineId
        || !m_record.volumeId)
        return;
    m_repairing = true;
    // The label goes into the intent, so a restart can find what a lost reply rented.
    const QString standbyLabel = label(QStringLiteral("standby"));
    const qint64 repair = step(QStringLiteral("rent_standby"),
        { { QStringLiteral("machine_id"), double(m_record.machineId) }, { QStringLiteral("reason"), why },
            { QStringLiteral("label"), standbyLabel } });
    rentStandby(m_record.machineId, m_record.volumeId, standbyLabel, m_ops.get(), [=, this](Result<qint64> s) {
        m_repairing = false;
        if (!s) {
            endStep(repair, false, { { QStringLiteral("error"), s.error().message } });
            m_readiness = Readiness::Red;
            m_readinessReason = QStringLiteral("no new standby on the host: %1").arg(s.error().message);
            Q_EMIT readinessChanged(m_readiness, m_readinessReason);
            Q_EMIT alert(QStringLiteral("standby_red"), m_readinessReason);
            return;
        }
        const qint64 old = m_record.standbyId;
        m_record.standbyId = *s;
        saveRecord();
        endStep(repair, true, { { QStringLiteral("standby"), double(*s) } });
        if (old)
            m_s.cloud->destroy(old, m_ops.get(), [](Result<Unit>) {});
        m_readiness = Readiness::Green;
        m_readinessReason = QStringLiteral("new standby %1 rented on the same host").arg(*s);
        Q_EMIT readinessChanged(m_readiness, m_readinessReason);
    });
}

void WarmPool::resumeAfterPromotion(const QList<JournalEvent> &open)
{
    // A crash after a promotion leaves its background work open: the old primary's destroy (done
    // again: destroying twice is harmless) and then the new standby's rent (its label finds an
    // instance a lost reply rented, so it is adopted, not rented twice).
    QList<JournalEvent> destroys, rents;
    for (const JournalEvent &e : open) {
        if (e.kind == u"destroy_old_primary")
            destroys.append(e);
        else if (e.kind == u"rent_standby")
            rents.append(e);
    }
    auto remaining = std::make_shared<int>(int(destroys.size()) + 1);
    const auto thenRent = [this, rents, remaining] {
        if (--*remaining == 0)
            resumeStandbyRent(rents);
    };
    for (const JournalEvent &e : std::as_const(destroys)) {
        const qint64 instance = qint64(e.data.value(QStringLiteral("instance")).toDouble());
        m_s.cloud->destroy(instance, m_ops.get(), [this, id = e.id, thenRent](Result<Unit> r) {
            const bool gone = r.ok() || r.error().code == clouderr::NotFound;
            endStep(id, gone, gone ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), r.error().message } });
            thenRent();
        });
    }
    thenRent();
}

void WarmPool::resumeStandbyRent(const QList<JournalEvent> &rents)
{
    if (rents.isEmpty()) {
        if (!m_record.standbyId && m_record.warmStandby)
            repairStandby(QStringLiteral("no standby after a restart"));
        return;
    }
    m_s.cloud->listInstances(m_ops.get(), [this, rents](Result<QList<CloudInstance>> all) {
        if (!all)
            return; // the steps stay open: the next start looks again
        for (const JournalEvent &e : rents) {
            const QString wanted = e.data.value(QStringLiteral("label")).toString();
            const auto it = std::find_if(all->cbegin(), all->cend(),
                [&](const CloudInstance &i) { return !wanted.isEmpty() && i.label == wanted; });
            if (it != all->cend() && !m_record.standbyId) {
                m_record.standbyId = it->id;
                saveRecord();
                endStep(
                    e.id, true, { { QStringLiteral("standby"), double(it->id) }, { QStringLiteral("adopted"), true } });
            } else if (it != all->cend()) {
                // One standby is enough: a second one a lost reply rented would only bill.
                m_s.cloud->destroy(it->id, m_ops.get(), [](Result<Unit>) {});
                endStep(e.id, false, { { QStringLiteral("destroyed_extra"), double(it->id) } });
            } else {
                endStep(e.id, false, { { QStringLiteral("abandoned"), QStringLiteral("the engine restarted") } });
            }
        }
        if (!m_record.standbyId && m_record.warmStandby)
            repairStandby(QStringLiteral("the standby's rent was interrupted by a restart"));
    });
}

void WarmPool::afterPromotion(qint64 oldPrimary)
{
    // The old primary is stopped; destroying it frees its GPU for a new standby on this machine.
    const qint64 cleanup
        = step(QStringLiteral("destroy_old_primary"), { { QStringLiteral("instance"), double(oldPrimary) } });
    m_s.cloud->destroy(oldPrimary, m_ops.get(), [=, this](Result<Unit> r) {
        endStep(
            cleanup, r.ok(), r.ok() ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), r.error().message } });
        repairStandby(QStringLiteral("the standby became the primary"));
    });
}

void WarmPool::waitFor(qint64 instanceId, qint64 deadlineMs,
    std::function<bool(const std::optional<CloudInstance> &)> accept,
    std::function<void(std::optional<CloudInstance>, bool, QString)> done)
{
    const qint64 deadline = now() + qMax<qint64>(0, deadlineMs);
    auto poll = std::make_shared<std::function<void(std::optional<CloudInstance>, QString)>>();
    *poll = [=, this](std::optional<CloudInstance> last, QString lastError) {
        m_s.cloud->instance(instanceId, m_ops.get(), [=, this](Result<std::optional<CloudInstance>> r) {
            std::optional<CloudInstance> seen = last;
            QString error = lastError;
            if (r) {
                seen = *r;
                error.clear();
                if (accept(*r))
                    return done(*r, true, {});
            } else {
                error = r.error().message;
                if (r.error().code == clouderr::Auth)
                    return done(seen, false, error); // will not get better by waiting
            }
            if (now() + m_config.pollIntervalMs > deadline)
                return done(seen, false, error);
            after(m_config.pollIntervalMs, [poll, seen, error] { (*poll)(seen, error); });
        });
    };
    (*poll)(std::nullopt, {});
}

} // namespace gpufailover
