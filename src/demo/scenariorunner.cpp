#include "demo/scenariorunner.h"

#include <QDir>

#include "core/clock.h"
#include "core/cpustandby.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/spin.h"
#include "demo/writechecker.h"
#include "sim/s3testserver.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <optional>

namespace gpufailover {
namespace {

int ackCount(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
}

class Story
{
public:
    Story(const ScenarioOptions &o, DemoWorld &w)
        : m_o(o)
        , m_w(w)
    {
        m_wall.start();
    }

    double t(qint64 clockMs) const { return double(clockMs - m_t0) / 1000.0; }
    double now() const { return t(m_w.clock().monotonicMs()); }
    void say(const QString &text) const
    {
        if (m_o.print)
            m_o.print(m_t0 ? QStringLiteral("T+%1s  %2").arg(now(), 6, 'f', 1).arg(text)
                           : QStringLiteral("setup   %1").arg(text));
    }
    void markT0() { m_t0 = m_w.clock().monotonicMs(); }
    qint64 wallMs() const { return m_wall.elapsed(); }
    qint64 t0() const { return m_t0; }

    Status provision()
    {
        say(QStringLiteral("simulated Vast.ai at %1, %2 machines, time x%3")
                .arg(m_w.sim().url().toString())
                .arg(m_w.market().hosts().size())
                .arg(m_o.timeScale));
        QObject::connect(&m_w.pool(), &WarmPool::stateChanged, &m_w.pool(),
            [this](WarmPool::State, WarmPool::State to, const QString &why) {
                say(QStringLiteral("pool %1: %2").arg(toString(to), why));
            });
        m_w.start();
        if (!spin([&] { return m_w.pool().state() == WarmPool::State::Active; }, 120000))
            return Error { QStringLiteral("scenario"),
                QStringLiteral("the pool never became active: %1").arg(m_w.pool().lastReason()) };
        if (!writesGrow(20))
            return Error { QStringLiteral("scenario"), QStringLiteral("the workload does not write") };
        say(QStringLiteral("workload writing on primary %1 (acknowledged writes: %2)")
                .arg(m_w.pool().record().primaryId)
                .arg(ackCount(m_w.ackLogPath())));
        return okStatus();
    }

    bool writesGrow(int n, qint64 limitMs = 60000)
    {
        const int target = ackCount(m_w.ackLogPath()) + n;
        return spin([&] { return ackCount(m_w.ackLogPath()) >= target; }, limitMs);
    }

    void letMs(qint64 ms)
    {
        const qint64 until = m_w.clock().monotonicMs() + ms;
        spin([&] { return m_w.clock().monotonicMs() >= until; }, 600000);
    }

    void letRoundsPass(int rounds)
    {
        const qint64 until = m_w.clock().monotonicMs() + rounds * m_w.options().pool.healthIntervalMs;
        spin([&] { return m_w.clock().monotonicMs() >= until; }, 600000);
    }

    QJsonObject finish(QJsonObject report)
    {
        const WriteCheck c = checkWrites(m_w.ackLogPath(), m_w.volumeLogPath());
        report.insert(QStringLiteral("scenario"), m_o.name);
        report.insert(QStringLiteral("writes_acknowledged"), c.acknowledged);
        report.insert(QStringLiteral("writes_lost"), c.lost);
        report.insert(QStringLiteral("writes_lost_holes"), c.lostHoles);
        report.insert(QStringLiteral("writes_lost_tail"), c.lostTail);
        // Most stories lose nothing; a restore from a snapshot gives up exactly the newest writes.
        const bool restored = report.contains(QStringLiteral("restored_from"));
        report.insert(QStringLiteral("history_ok"),
            c.overlapping == 0 && (restored ? c.lostHoles == 0 : c.lost == 0)
                && report.value(QStringLiteral("restore_verified")).toBool(true));
        report.insert(QStringLiteral("writers_overlapping"), c.overlapping);
        report.insert(QStringLiteral("generations"), c.generations);
        if (!c.firstProblem.isEmpty())
            report.insert(QStringLiteral("first_problem"), c.firstProblem);
        report.insert(QStringLiteral("final_state"), toString(m_w.pool().state()));
        // The evidence, kept after the simulated machines are gone, for an independent checker.
        const QJsonObject evidence = keepEvidence(m_o.dir, m_w.ackLogPath(), m_w.volumeLogPath());
        for (auto it = evidence.constBegin(); it != evidence.constEnd(); ++it)
            report.insert(it.key(), it.value());
        report.insert(QStringLiteral("time_scale"), m_o.timeScale);
        report.insert(QStringLiteral("wall_s"), double(m_wall.elapsed()) / 1000.0);
        say(QStringLiteral("checked the history: %1 acknowledged writes, %2 lost, %3 overlapping; final state %4")
                .arg(c.acknowledged)
                .arg(c.lost)
                .arg(c.overlapping)
                .arg(toString(m_w.pool().state())));
        return report;
    }

private:
    const ScenarioOptions &m_o;
    DemoWorld &m_w;
    QElapsedTimer m_wall;
    qint64 m_t0 = 0;
};

DemoWorld::Options worldOptions(const ScenarioOptions &o)
{
    DemoWorld::Options w;
    w.dir = o.dir;
    w.timeScale = o.timeScale;
    w.pool.id = QStringLiteral("demo");
    // The defaults: check every 10 s, dead after 3 failures.
    w.pool.healthIntervalMs = o.healthIntervalMs;
    w.pool.failureThreshold = o.failureThreshold;
    w.pool.probeTimeoutMs = 5000;
    w.pool.pollIntervalMs = 500;
    w.pool.fenceDeadlineMs = 60000;
    w.pool.standbyStartDeadlineMs = 180000;
    return w;
}

Result<QJsonObject> warmPoolFailover(const ScenarioOptions &o, DemoWorld &w)
{
    Story s(o, w);
    if (Status p = s.provision(); !p)
        return p.error();
    const WarmPool::Record before = w.pool().record();
    // Engine-side milestones (clock ms) and the provider's own (from the simulator).
    std::optional<qint64> detected, fenceAsked, fenced, startAsked, simFenceable, simRunning;
    QObject::connect(
        &w.pool(), &WarmPool::stateChanged, &w.pool(), [&](WarmPool::State, WarmPool::State to, const QString &) {
            if (to == WarmPool::State::Failover && !detected)
                detected = w.clock().monotonicMs();
        });
    QObject::connect(&w.journal(), &Journal::appended, &w.journal(), [&](const JournalEvent &e) {
        if (e.kind == u"fence" && e.phase == JournalPhase::Intent && !fenceAsked) {
            fenceAsked = w.clock().monotonicMs();
            s.say(
                QStringLiteral("fencing: stop old primary %1, wait for the provider to confirm").arg(before.primaryId));
        } else if (e.kind == u"fence" && e.phase == JournalPhase::Outcome && !fenced) {
            fenced = w.clock().monotonicMs();
            s.say(e.ok.value_or(false)
                    ? QStringLiteral("fence confirmed: %1 is %2")
                          .arg(before.primaryId)
                          .arg(e.data.value(QStringLiteral("detail")).toString())
                    : QStringLiteral("fence NOT confirmed: %1").arg(e.data.value(QStringLiteral("detail")).toString()));
        } else if (e.kind == u"start_standby" && e.phase == JournalPhase::Intent && !startAsked) {
            startAsked = w.clock().monotonicMs();
            s.say(
                QStringLiteral("starting standby %1 (generation %2)").arg(before.standbyId).arg(before.generation + 1));
        } else if (e.kind == u"start_standby" && e.phase == JournalPhase::Outcome && e.ok.value_or(false)) {
            s.say(QStringLiteral("standby answers over SSH, GPU probe healthy"));
        }
    });
    QObject::connect(&w.market(), &SimMarket::instanceChanged, &w.market(), [&](qint64 id) {
        const SimInstance *i = w.market().instance(id);
        // The moment the provider makes the old primary fenceable: stopped, exited and stopped, or gone.
        if (id == before.primaryId && fenceAsked && !simFenceable
            && (!i || (i->curState == u"stopped" && (i->actual == u"stopped" || i->actual == u"exited"))))
            simFenceable = w.clock().monotonicMs();
        if (id == before.standbyId && i && i->actual == u"running" && !simRunning) {
            simRunning = w.clock().monotonicMs();
            s.say(QStringLiteral("provider reports standby %1 running").arg(before.standbyId));
        }
    });
    std::optional<WarmPool::Timeline> timeline;
    QObject::connect(
        &w.pool(), &WarmPool::failoverFinished, &w.pool(), [&](const WarmPool::Timeline &t) { timeline = t; });

    // Failures do not wait for a health round: strike at a random point of the interval, or the
    // measured detection time would depend on the event loop's rhythm rather than the detector.
    s.letMs(qint64(QRandomGenerator::global()->bounded(quint32(o.healthIntervalMs))));
    s.markT0();
    const bool hang = o.fault == u"hang";
    if (!(hang ? w.market().hangInstance(before.primaryId, true) : w.market().killInstance(before.primaryId)))
        return Error { QStringLiteral("scenario"), QStringLiteral("cannot inject the fault") };
    s.say(hang ? QStringLiteral("FAILURE: primary %1 hangs (API still says running)").arg(before.primaryId)
               : QStringLiteral("FAILURE: primary %1 killed (its container exited)").arg(before.primaryId));
    if (!spin([&] { return timeline.has_value(); }, 600000))
        return Error { QStringLiteral("scenario"),
            QStringLiteral("no failover happened: %1").arg(w.pool().lastReason()) };
    const double det = s.t(*detected);
    s.writesGrow(20);
    s.say(QStringLiteral("workload writing again on the new primary %1").arg(w.pool().record().primaryId));
    spin([&] { return w.pool().record().standbyId != 0; }, 120000);
    if (w.pool().record().standbyId)
        s.say(QStringLiteral("new standby %1 rented on machine %2")
                  .arg(w.pool().record().standbyId)
                  .arg(w.pool().record().machineId));

    // Control overhead: the failover's duration after detection, minus the time the provider
    // itself took (to make the old primary fenceable, to boot the standby). The SSH steps run in
    // real time, so they are counted in real seconds rather than scaled up by the simulated clock.
    const double total = det + timeline->doneMs / 1000.0;
    const double stopLatency
        = simFenceable && fenceAsked ? qMax<double>(0, double(*simFenceable - *fenceAsked) / 1000.0) : 0;
    const double startLatency = simRunning && startAsked ? double(*simRunning - *startAsked) / 1000.0 : 0;
    const double sshClock = double(timeline->doneMs - timeline->standbyRunningMs) / 1000.0;
    const double sshReal = double(timeline->sshReadyWallMs + timeline->promoteWallMs) / 1000.0;
    const double overhead = (total - det) - stopLatency - startLatency - sshClock + sshReal;
    QJsonObject r { { QStringLiteral("fault"), o.fault },
        { QStringLiteral("health_interval_s"), double(o.healthIntervalMs) / 1000.0 },
        { QStringLiteral("failure_threshold"), o.failureThreshold }, { QStringLiteral("detected_after_s"), det },
        { QStringLiteral("fenced_after_s"), det + timeline->fencedMs / 1000.0 },
        { QStringLiteral("standby_running_after_s"), det + timeline->standbyRunningMs / 1000.0 },
        { QStringLiteral("ssh_ready_after_s"), det + timeline->sshReadyMs / 1000.0 },
        { QStringLiteral("total_s"), total }, { QStringLiteral("provider_stop_latency_s"), stopLatency },
        { QStringLiteral("provider_start_latency_s"), startLatency }, { QStringLiteral("ssh_steps_real_s"), sshReal },
        { QStringLiteral("control_overhead_s"), overhead }, { QStringLiteral("failover_ok"), timeline->ok },
        { QStringLiteral("old_primary"), double(before.primaryId) },
        { QStringLiteral("new_primary"), double(w.pool().record().primaryId) },
        { QStringLiteral("generation"), double(w.pool().record().generation) } };
    s.say(QStringLiteral("timeline: detected T+%1s, fenced T+%2s, standby running T+%3s, SSH ready T+%4s, serving "
                         "T+%5s; control overhead %6 s")
              .arg(det, 0, 'f', 1)
              .arg(det + timeline->fencedMs / 1000.0, 0, 'f', 1)
              .arg(det + timeline->standbyRunningMs / 1000.0, 0, 'f', 1)
              .arg(det + timeline->sshReadyMs / 1000.0, 0, 'f', 1)
              .arg(total, 0, 'f', 1)
              .arg(overhead, 0, 'f', 2));
    return s.finish(r);
}

Result<QJsonObject> standbyRerented(const ScenarioOptions &o, DemoWorld &w)
{
    Story s(o, w);
    if (Status p = s.provision(); !p)
        return p.error();
    const WarmPool::Record before = w.pool().record();
    w.market().rerentGpus(before.standbyId);
    s.say(QStringLiteral("another renter took the GPU of stopped standby %1").arg(before.standbyId));
    std::optional<qint64> detected, escalated;
    QObject::connect(
        &w.pool(), &WarmPool::stateChanged, &w.pool(), [&](WarmPool::State, WarmPool::State to, const QString &) {
            if (to == WarmPool::State::Failover && !detected)
                detected = w.clock().monotonicMs();
            if (to == WarmPool::State::Degraded && !escalated)
                escalated = w.clock().monotonicMs();
        });
    s.markT0();
    w.market().killInstance(before.primaryId);
    s.say(QStringLiteral("FAILURE: primary %1 killed").arg(before.primaryId));
    if (!spin([&] { return escalated.has_value(); }, 600000))
        return Error { QStringLiteral("scenario"),
            QStringLiteral("the stuck standby was never escalated: %1").arg(w.pool().lastReason()) };
    const SimInstance *standby = w.market().instance(before.standbyId);
    QJsonObject r { { QStringLiteral("detected_after_s"), detected ? s.t(*detected) : -1 },
        { QStringLiteral("escalated_after_s"), s.t(*escalated) },
        { QStringLiteral("standby_deadline_s"), double(w.options().pool.standbyStartDeadlineMs) / 1000.0 },
        { QStringLiteral("standby_status"), standby ? standby->statusMsg : QString() },
        { QStringLiteral("reason"), w.pool().lastReason() } };
    return s.finish(r);
}

Result<QJsonObject> observerOffline(const ScenarioOptions &o, DemoWorld &w)
{
    Story s(o, w);
    if (Status p = s.provision(); !p)
        return p.error();
    const qint64 primary = w.pool().record().primaryId;
    const auto mutating = [&] {
        int n = 0;
        for (const char *e : { "manage", "destroy", "create", "reboot" })
            n += w.sim().vast().requestCount(QString::fromLatin1(e));
        return n;
    };
    int unknown = 0;
    QObject::connect(&w.pool(), &WarmPool::healthChecked, &w.pool(), [&](const FailureDetector::Outcome &out) {
        unknown += out.verdict == FailureDetector::Verdict::Unknown ? 1 : 0;
    });
    const int before = mutating();
    s.markT0();
    w.sim().vast().addFault({ QStringLiteral("*"), QStringLiteral("drop"), -1, 0 });
    w.hosts().hostOf(primary)->partition(true);
    s.say(QStringLiteral("the observer loses its network: provider API and primary unreachable"));
    s.letRoundsPass(10);
    const int during = mutating() - before;
    w.sim().vast().clearFaults();
    w.hosts().hostOf(primary)->partition(false);
    s.say(QStringLiteral("network back after %1 s; %2 rounds said unknown, %3 mutating calls were made")
              .arg(s.now(), 0, 'f', 1)
              .arg(unknown)
              .arg(during));
    s.letRoundsPass(3);
    s.writesGrow(10);
    QJsonObject r { { QStringLiteral("isolation_s"), 10 * w.options().pool.healthIntervalMs / 1000.0 },
        { QStringLiteral("unknown_rounds"), unknown }, { QStringLiteral("mutating_calls_during_isolation"), during },
        { QStringLiteral("failovers"), w.pool().record().failovers },
        { QStringLiteral("primary_unchanged"), w.pool().record().primaryId == primary } };
    return s.finish(r);
}

Result<QJsonObject> hostLoss(const ScenarioOptions &o, DemoWorld &w)
{
    Story s(o, w);
    SnapshotService *snapshots = w.snapshots();
    if (!snapshots || !w.recovery())
        return Error { QStringLiteral("scenario"), QStringLiteral("this world has no snapshots") };
    if (Status p = s.provision(); !p)
        return p.error();
    s.say(QStringLiteral("snapshots every %1 s to the S3 store at %2, each restore-drilled")
              .arg(double(w.options().snapshotPolicy.intervalMs) / 1000.0)
              .arg(w.objectStore()->endpoint()));
    if (!spin([&] { return snapshots->lastVerifiedRestorePoint().has_value(); }, 600000))
        return Error { QStringLiteral("scenario"), QStringLiteral("no snapshot was ever verified") };
    s.say(QStringLiteral("snapshot %1 restored and verified by a drill").arg(snapshots->state().verifiedSnapshotId));
    snapshots->stop(); // the verified snapshot is the newest: what the host loss gives up is measurable
    s.writesGrow(20); // written after the snapshot: what a restore to it gives up
    const WarmPool::Record before = w.pool().record();

    std::optional<qint64> degraded, relocating, restored, active;
    QObject::connect(
        &w.pool(), &WarmPool::stateChanged, &w.pool(), [&](WarmPool::State, WarmPool::State to, const QString &) {
            if (to == WarmPool::State::Degraded && !degraded)
                degraded = w.clock().monotonicMs();
            if (to == WarmPool::State::Active && relocating && !active)
                active = w.clock().monotonicMs();
        });
    QObject::connect(&w.journal(), &Journal::appended, &w.journal(), [&](const JournalEvent &e) {
        if (e.kind == u"relocate" && e.phase == JournalPhase::Intent && !relocating)
            relocating = w.clock().monotonicMs();
    });
    std::optional<HostLossRecovery::Restore> restore;
    QObject::connect(
        w.recovery(), &HostLossRecovery::restoreFinished, w.recovery(), [&](const HostLossRecovery::Restore &r) {
            restore = r;
            restored = w.clock().monotonicMs();
            s.say(r.verified ? QStringLiteral("restored snapshot %1 on the new primary: %2").arg(r.snapshotId, r.detail)
                             : QStringLiteral("restore of %1 NOT verified: %2").arg(r.snapshotId, r.detail));
        });
    QObject::connect(w.recovery(), &HostLossRecovery::alert, w.recovery(),
        [&](const QString &, const QString &message) { s.say(message); });

    s.markT0();
    const QDateTime failedAt = w.clock().now();
    if (!w.market().killHost(before.machineId))
        return Error { QStringLiteral("scenario"), QStringLiteral("cannot inject the fault") };
    s.say(QStringLiteral("FAILURE: machine %1 lost, with primary %2, standby %3 and volume %4")
              .arg(before.machineId)
              .arg(before.primaryId)
              .arg(before.standbyId)
              .arg(before.volumeId));
    if (!spin([&] { return active.has_value(); }, 900000))
        return Error { QStringLiteral("scenario"),
            QStringLiteral("the pool was not rebuilt: %1").arg(w.pool().lastReason()) };
    s.writesGrow(20);
    const WarmPool::Record after = w.pool().record();
    s.say(QStringLiteral("workload writing again on primary %1, machine %2, generation %3")
              .arg(after.primaryId)
              .arg(after.machineId)
              .arg(after.generation));
    const double rpo = restore ? double(restore->restorePoint.msecsTo(failedAt)) / 1000.0 : -1;
    QJsonObject r { { QStringLiteral("degraded_after_s"), degraded ? s.t(*degraded) : -1 },
        { QStringLiteral("relocation_started_after_s"), relocating ? s.t(*relocating) : -1 },
        { QStringLiteral("restored_after_s"), restored ? s.t(*restored) : -1 },
        { QStringLiteral("recovered_after_s"), s.t(*active) },
        { QStringLiteral("restored_from"), restore ? restore->snapshotId : QString() },
        { QStringLiteral("restore_verified"), restore && restore->verified },
        { QStringLiteral("files_verified"), restore ? double(restore->filesVerified) : 0 },
        { QStringLiteral("rpo_s"), rpo }, { QStringLiteral("old_machine"), double(before.machineId) },
        { QStringLiteral("new_machine"), double(after.machineId) },
        { QStringLiteral("old_primary"), double(before.primaryId) },
        { QStringLiteral("new_primary"), double(after.primaryId) },
        { QStringLiteral("generation"), double(after.generation) } };
    s.say(QStringLiteral("timeline: degraded T+%1s, relocation T+%2s, restored T+%3s, serving T+%4s; data age lost "
                         "(RPO) %5 s")
              .arg(degraded ? s.t(*degraded) : -1, 0, 'f', 1)
              .arg(relocating ? s.t(*relocating) : -1, 0, 'f', 1)
              .arg(restored ? s.t(*restored) : -1, 0, 'f', 1)
              .arg(s.t(*active), 0, 'f', 1)
              .arg(rpo, 0, 'f', 1));
    return s.finish(r);
}

// No host has room for a warm pair: one GPU runs alone, its /workspace synced every 30 s to a
// CPU Spot VM on GCP. The GPU dies; the CPU VM becomes the active target while a GPU on another
// host is rented, restored from the copy (every hash checked), and put in service.
Result<QJsonObject> cpuStandbyFailover(const ScenarioOptions &o, DemoWorld &w)
{
    Story s(o, w);
    CpuStandby *cpu = w.cpuStandby();
    if (!cpu)
        return Error { QStringLiteral("scenario"), QStringLiteral("this world has no CPU standby") };
    QObject::connect(cpu, &CpuStandby::stateChanged, cpu, [&](CpuStandby::State to, const QString &why) {
        s.say(QStringLiteral("CPU standby %1: %2").arg(toString(to), why));
    });
    // Acknowledged writes when each sync completed: all of them are in the next copy.
    QMap<qint64, int> acksBeforeSync;
    int acksAtLastSync = 0;
    QObject::connect(cpu, &CpuStandby::synced, cpu, [&](const StandbyCopier::Copy &c) {
        acksBeforeSync.insert(c.sequence, acksAtLastSync);
        acksAtLastSync = ackCount(w.ackLogPath());
    });
    if (Status p = s.provision(); !p)
        return p.error();
    if (!spin([&] { return cpu->copy() && cpu->copy()->sequence >= 2; }, 300000))
        return Error { QStringLiteral("scenario"),
            QStringLiteral("the CPU standby never synced: %1").arg(cpu->lastError()) };
    s.say(QStringLiteral("CPU standby %1 (%2) holds sync %3: %4 files")
              .arg(cpu->vm()->name, cpu->vm()->zone)
              .arg(cpu->copy()->sequence)
              .arg(cpu->copy()->files));
    const WarmPool::Record before = w.pool().record();
    std::optional<qint64> detected, active, restored, recovered, resumed;
    QObject::connect(
        &w.pool(), &WarmPool::stateChanged, &w.pool(), [&](WarmPool::State, WarmPool::State to, const QString &) {
            if ((to == WarmPool::State::Failover || to == WarmPool::State::Degraded) && !detected)
                detected = w.clock().monotonicMs();
            if (to == WarmPool::State::Active && restored && !recovered)
                recovered = w.clock().monotonicMs();
        });
    QObject::connect(cpu, &CpuStandby::stateChanged, cpu, [&](CpuStandby::State to, const QString &) {
        if (to == CpuStandby::State::Active && !active)
            active = w.clock().monotonicMs();
    });
    std::optional<StandbyCopier::Restored> restore;
    QObject::connect(cpu, &CpuStandby::restoreFinished, cpu, [&](const StandbyCopier::Restored &r) {
        restore = r;
        restored = w.clock().monotonicMs();
        s.say(r.verified ? QStringLiteral("new GPU restored from sync %1: %2").arg(r.copy.sequence).arg(r.detail)
                         : QStringLiteral("restore NOT verified: %1").arg(r.detail));
    });
    QObject::connect(cpu, &CpuStandby::synced, cpu, [&](const StandbyCopier::Copy &c) {
        if (recovered && !resumed && c.sourceGeneration > before.generation) {
            resumed = w.clock().monotonicMs();
            s.say(
                QStringLiteral("syncing again, from generation %1 (sync %2)").arg(c.sourceGeneration).arg(c.sequence));
        }
    });

    s.letMs(qint64(QRandomGenerator::global()->bounded(quint32(o.healthIntervalMs))));
    s.markT0();
    const QDateTime failedAt = w.clock().now();
    if (!w.market().killInstance(before.primaryId))
        return Error { QStringLiteral("scenario"), QStringLiteral("cannot inject the fault") };
    s.say(QStringLiteral("FAILURE: GPU %1 on machine %2 killed; no warm standby on that host")
              .arg(before.primaryId)
              .arg(before.machineId));
    if (!spin([&] { return resumed.has_value(); }, 900000))
        return Error { QStringLiteral("scenario"),
            QStringLiteral("no recovery: pool %1, CPU standby %2: %3")
                .arg(toString(w.pool().state()), toString(cpu->state()), w.pool().lastReason()) };
    s.writesGrow(20);
    const WarmPool::Record after = w.pool().record();
    // Nothing acknowledged before the restored copy was taken is missing.
    const int mustKeep = restore ? acksBeforeSync.value(restore->copy.sequence, 0) : 0;
    QFile acks(w.ackLogPath()), volume(w.volumeLogPath());
    int keptMissing = -1;
    if (acks.open(QIODevice::ReadOnly) && volume.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> ackLines = acks.readAll().split('\n');
        const QByteArray onVolume = volume.readAll();
        keptMissing = 0;
        for (int i = 0; i < mustKeep && i < ackLines.size(); ++i)
            keptMissing += onVolume.contains(QByteArray(ackLines[i] + '\n')) ? 0 : 1;
    }
    const double rpo = restore ? double(restore->copy.startedAt.msecsTo(failedAt)) / 1000.0 : -1;
    QJsonObject r { { QStringLiteral("health_interval_s"), double(o.healthIntervalMs) / 1000.0 },
        { QStringLiteral("sync_interval_s"), double(w.options().cpuOptions.syncIntervalMs) / 1000.0 },
        { QStringLiteral("detected_after_s"), detected ? s.t(*detected) : -1 },
        { QStringLiteral("cpu_active_after_s"), active ? s.t(*active) : -1 },
        { QStringLiteral("restored_after_s"), restored ? s.t(*restored) : -1 },
        { QStringLiteral("recovered_after_s"), recovered ? s.t(*recovered) : -1 },
        { QStringLiteral("sync_resumed_after_s"), s.t(*resumed) },
        { QStringLiteral("restored_from"), restore ? QStringLiteral("cpu:%1").arg(restore->copy.sequence) : QString() },
        { QStringLiteral("restore_verified"), restore && restore->verified },
        { QStringLiteral("files_verified"), restore ? double(restore->filesVerified) : 0 },
        { QStringLiteral("rpo_s"), rpo }, { QStringLiteral("acks_before_restored_copy"), mustKeep },
        { QStringLiteral("acks_before_restored_copy_missing"), keptMissing },
        { QStringLiteral("old_machine"), double(before.machineId) },
        { QStringLiteral("new_machine"), double(after.machineId) },
        { QStringLiteral("old_primary"), double(before.primaryId) },
        { QStringLiteral("new_primary"), double(after.primaryId) },
        { QStringLiteral("generation"), double(after.generation) },
        { QStringLiteral("cpu_state"), toString(cpu->state()) } };
    s.say(QStringLiteral("timeline: detected T+%1s, CPU active T+%2s, restored T+%3s, GPU serving T+%4s, sync resumed "
                         "T+%5s; data age lost (RPO) %6 s")
              .arg(detected ? s.t(*detected) : -1, 0, 'f', 1)
              .arg(active ? s.t(*active) : -1, 0, 'f', 1)
              .arg(restored ? s.t(*restored) : -1, 0, 'f', 1)
              .arg(recovered ? s.t(*recovered) : -1, 0, 'f', 1)
              .arg(s.t(*resumed), 0, 'f', 1)
              .arg(rpo, 0, 'f', 1));
    QJsonObject report = s.finish(r);
    if (keptMissing != 0)
        report.insert(QStringLiteral("history_ok"), false);
    return report;
}

} // namespace

QStringList scenarioNames()
{
    return { QStringLiteral("warm-pool-failover"), QStringLiteral("standby-rerented"),
        QStringLiteral("observer-offline"), QStringLiteral("host-loss"), QStringLiteral("cpu-standby-failover") };
}

Result<QJsonObject> runScenario(const ScenarioOptions &o)
{
    if (!scenarioNames().contains(o.name))
        return Error { QStringLiteral("invalid_args"),
            QStringLiteral("unknown scenario %1 (known: %2)").arg(o.name, scenarioNames().join(u", ")) };
    DemoWorld::Options options = worldOptions(o);
    if (o.name == u"host-loss") {
        options.snapshots = true;
        options.snapshotPolicy.intervalMs = 120000;
        options.snapshotPolicy.drillEvery = 1;
        options.pool.offlineGraceMs = 30000;
        options.recoveryRetryMs = 60000;
    }
    if (o.name == u"cpu-standby-failover") {
        // Three hosts with one GPU each: no room anywhere for a warm pair.
        options.singleGpuMarket = true;
        options.pool.gpuNames = { QStringLiteral("RTX 4090") };
        options.cpuStandby = true;
        options.cpuOptions.syncIntervalMs = 30000;
        options.cpuOptions.retryMs = 30000;
    }
    auto world = DemoWorld::create(options);
    if (!world)
        return world.error();
    DemoWorld &w = **world;
    if (o.name == u"cpu-standby-failover") {
        return cpuStandbyFailover(o, w);
    }
    if (o.name == u"warm-pool-failover")
        return warmPoolFailover(o, w);
    if (o.name == u"standby-rerented")
        return standbyRerented(o, w);
    if (o.name == u"host-loss")
        return hostLoss(o, w);
    return observerOffline(o, w);
}

} // namespace gpufailover
