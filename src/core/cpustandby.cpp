#include "core/cpustandby.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/logging.h"
#include "core/warmpool.h"

#include <QTimeZone>

namespace gpufailover {
namespace {
const QString kServePid = QStringLiteral(".gpufailover/serve.pid");
}

QString toString(CpuStandby::State s)
{
    switch (s) {
    case CpuStandby::State::Off:
        return QStringLiteral("off");
    case CpuStandby::State::Preparing:
        return QStringLiteral("preparing");
    case CpuStandby::State::Standby:
        return QStringLiteral("standby");
    case CpuStandby::State::Active:
        return QStringLiteral("active");
    }
    return {};
}

CpuStandby::CpuStandby(WarmPool *pool, StandbyVmProvider *vms, StandbyCopier *copier, CloudProvider *cloud,
    InstanceAccess *access, Journal *journal, Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_vms(vms)
    , m_copier(copier)
    , m_cloud(cloud)
    , m_access(access)
    , m_journal(journal)
    , m_clock(clock)
    , m_options(std::move(options))
{
    m_syncTimer = m_clock->createTimer(this);
    connect(m_syncTimer.get(), &ClockTimer::timeout, this, [this] {
        watchLossWindow();
        syncRound();
    });
    m_retryTimer = m_clock->createTimer(this);
    connect(m_retryTimer.get(), &ClockTimer::timeout, this, &CpuStandby::tick);
    // Queued: the pool is still inside its own state change when it announces it.
    connect(
        m_pool, &WarmPool::stateChanged, this, [this] { onPoolState(); }, Qt::QueuedConnection);
}

CpuStandby::~CpuStandby() = default;

std::optional<QDateTime> CpuStandby::copyTime() const
{
    return m_copy ? std::optional(m_copy->startedAt) : std::nullopt;
}

std::optional<qint64> CpuStandby::lossWindowMs() const
{
    // On the monotonic clock when this process made the copy: a wall clock set wrong must not
    // make the copy look fresh or ancient.
    if (m_copy && m_copyMonoMs >= 0)
        return m_clock->monotonicMs() - m_copyMonoMs;
    return m_copy ? std::optional(m_copy->startedAt.msecsTo(m_clock->now())) : std::nullopt;
}

void CpuStandby::setState(State s, const QString &reason)
{
    if (s == m_state)
        return;
    qCInfo(lcCore).noquote() << "pool" << m_pool->config().id << "CPU standby" << toString(m_state) << "->"
                             << toString(s) << ":" << reason;
    m_state = s;
    m_journal->append(m_pool->config().id, QStringLiteral("cpu_standby_state"),
        { { QStringLiteral("state"), toString(s) }, { QStringLiteral("reason"), reason } });
    Q_EMIT stateChanged(s, reason);
}

void CpuStandby::start()
{
    if (m_state != State::Off)
        return;
    m_retryTimer->start(m_options.retryMs);
    tick();
}

void CpuStandby::stop()
{
    m_syncTimer->stop();
    m_retryTimer->stop();
    setState(State::Off, QStringLiteral("stopped"));
}

void CpuStandby::teardown(QObject *context, std::function<void(Status)> done)
{
    stop();
    m_vm.reset();
    m_vms->remove(context, std::move(done));
}

// The slow loop: bring the VM up when it is not, and retry a takeover that could not finish.
void CpuStandby::tick()
{
    if (m_busy)
        return;
    if (m_state == State::Off || m_state == State::Preparing) {
        setState(State::Preparing, QStringLiteral("bringing the CPU VM up"));
        m_busy = true;
        m_vms->ensure(this, [this](Result<StandbyVmProvider::Vm> vm) {
            if (!vm) {
                m_busy = false;
                m_lastError = vm.error().message;
                Q_EMIT alert(QStringLiteral("cpu_vm_failed"), vm.error().message);
                return; // the next tick tries again
            }
            m_vm = *vm;
            m_copier->current(m_vm->ssh, this, [this](Result<std::optional<StandbyCopier::Copy>> c) {
                m_busy = false;
                // A copy left by an earlier run still counts, as recent as the journal says it
                // is (which tier restores a lost GPU compares it with the newest snapshot); a
                // copy the journal does not know is taken for old.
                if (c && c->has_value() && !m_copy) {
                    m_copy = **c;
                    m_copy->startedAt
                        = journaledCopyTime(*m_copy).value_or(QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc()));
                }
                if (m_standbySinceMonoMs < 0)
                    m_standbySinceMonoMs = m_clock->monotonicMs();
                setState(State::Standby, QStringLiteral("VM %1 ready in %2").arg(m_vm->name, m_vm->zone));
                m_syncTimer->start(m_options.syncIntervalMs);
                onPoolState();
            });
        });
        return;
    }
    if (m_pool->state() == WarmPool::State::Degraded)
        takeOver();
}

std::optional<QDateTime> CpuStandby::journaledCopyTime(const StandbyCopier::Copy &copy) const
{
    JournalQuery q;
    q.pool = m_pool->config().id;
    q.kinds = { QStringLiteral("cpu_sync") };
    q.limit = 1000;
    q.newestFirst = true;
    const auto events = m_journal->query(q);
    if (!events)
        return std::nullopt;
    for (const JournalEvent &e : *events) {
        if (e.data.value(QStringLiteral("ok")).toBool()
            && qint64(e.data.value(QStringLiteral("sequence")).toDouble()) == copy.sequence
            && qint64(e.data.value(QStringLiteral("generation")).toDouble()) == copy.sourceGeneration) {
            const QDateTime t
                = QDateTime::fromString(e.data.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
            return t.isValid() ? std::optional(t) : std::nullopt;
        }
    }
    return std::nullopt;
}

void CpuStandby::syncNow(std::function<void(bool, const QString &)> done)
{
    if (done)
        m_syncWaiters.append(std::move(done));
    syncRound();
    if (!m_syncing)
        syncEnded(false,
            QStringLiteral("no sync possible now (CPU standby %1, pool %2)")
                .arg(toString(m_state), toString(m_pool->state())));
}

void CpuStandby::syncEnded(bool ok, const QString &detail)
{
    const auto waiters = std::exchange(m_syncWaiters, {});
    for (const auto &w : waiters)
        w(ok, detail);
}

void CpuStandby::watchLossWindow()
{
    // A slow or stuck destination never starts a second run on top of the first
    // (syncRound waits), so the copy just ages; past two sync intervals a person should know.
    // A copy an earlier run left has no known time: the clock starts when this run began keeping
    // copies, so a restart does not alert before its first sync had a chance.
    const qint64 since = m_copyMonoMs >= 0 ? m_copyMonoMs : m_standbySinceMonoMs;
    if (since < 0 || m_lossWindowAlerted || m_state != State::Standby)
        return;
    const qint64 window = m_clock->monotonicMs() - since;
    if (window <= 2 * m_options.syncIntervalMs)
        return;
    m_lossWindowAlerted = true;
    Q_EMIT alert(QStringLiteral("loss_window"),
        QStringLiteral("the newest complete copy on the CPU standby is %1 s old (syncs every %2 s)%3")
            .arg(window / 1000)
            .arg(m_options.syncIntervalMs / 1000)
            .arg(m_syncing ? QStringLiteral("; a sync is still running") : QStringLiteral("; %1").arg(m_lastError)));
}

void CpuStandby::syncRound()
{
    const WarmPool::State poolState = m_pool->state();
    if (m_syncing || m_busy || m_state != State::Standby || !m_pool->record().primaryId
        || (poolState != WarmPool::State::Active && poolState != WarmPool::State::Paused))
        return;
    m_syncing = true;
    const QDateTime started = m_clock->now();
    const qint64 startedMono = m_clock->monotonicMs();
    m_cloud->instance(m_pool->record().primaryId, this, [=, this](Result<std::optional<CloudInstance>> primary) {
        if (!primary || !primary->has_value() || !(*primary)->ssh) {
            m_syncing = false;
            return syncEnded(false, QStringLiteral("the primary has no SSH endpoint"));
        }
        const SshEndpoint source = *(*primary)->ssh;
        // Each round makes sure the VM still runs: a preempted Spot VM is started again here.
        m_vms->ensure(this, [=, this](Result<StandbyVmProvider::Vm> vm) {
            if (!vm) {
                m_syncing = false;
                m_lastError = vm.error().message;
                Q_EMIT alert(QStringLiteral("cpu_vm_failed"), vm.error().message);
                return syncEnded(false, vm.error().message);
            }
            if (vm->restarted)
                Q_EMIT alert(QStringLiteral("cpu_vm_restarted"),
                    QStringLiteral("the CPU VM %1 was stopped or preempted and runs again in %2")
                        .arg(vm->name, vm->zone));
            m_vm = *vm;
            m_copier->sync(source, m_vm->ssh, this, [=, this](Result<StandbyCopier::Copy> c) {
                m_syncing = false;
                if (!c) {
                    ++m_syncsFailed;
                    m_lastError = c.error().message;
                    const QString code = c.error().code;
                    const bool refused = code == u"no_marker" || code == u"stale_source" || code == u"shrunk";
                    m_journal->append(m_pool->config().id, QStringLiteral("cpu_sync"),
                        { { QStringLiteral("ok"), false }, { QStringLiteral("code"), code },
                            { QStringLiteral("error"), c.error().message } });
                    Q_EMIT alert(
                        refused ? QStringLiteral("sync_refused") : QStringLiteral("sync_failed"), c.error().message);
                    return syncEnded(false, c.error().message);
                }
                StandbyCopier::Copy copy = *c;
                copy.startedAt = started; // on our clock: every write acknowledged before is in it
                m_copy = copy;
                m_copyMonoMs = startedMono;
                m_lossWindowAlerted = false;
                ++m_syncsOk;
                m_lastError.clear();
                m_journal->append(m_pool->config().id, QStringLiteral("cpu_sync"),
                    { { QStringLiteral("ok"), true }, { QStringLiteral("sequence"), double(copy.sequence) },
                        { QStringLiteral("started_at"), copy.startedAt.toString(Qt::ISODateWithMs) },
                        { QStringLiteral("generation"), double(copy.sourceGeneration) },
                        { QStringLiteral("files"), double(copy.files) },
                        { QStringLiteral("bytes"), double(copy.bytes) } });
                Q_EMIT synced(copy);
                syncEnded(true, {});
            });
        });
    });
}

void CpuStandby::onPoolState()
{
    const WarmPool::State s = m_pool->state();
    if (s == WarmPool::State::Degraded && (m_state == State::Standby || m_state == State::Active))
        return takeOver();
    if (s == WarmPool::State::Active && m_state == State::Active) {
        // A GPU serves again: the VM goes back to standby and copies from the new primary.
        if (!m_options.serveCommand.isEmpty() && m_vm)
            // The whole process group (the serve command's children too), TERM then KILL, and
            // the pid file goes only once nothing of it is left.
            m_access->run(m_vm->ssh,
                QStringLiteral("[ -f %1 ] || exit 0; G=$(cat %1); kill -TERM -- -$G 2>/dev/null; i=0; "
                               "while kill -0 -- -$G 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; "
                               "kill -KILL -- -$G 2>/dev/null; sleep 0.1; "
                               "if kill -0 -- -$G 2>/dev/null; then echo \"serve group $G survives\" >&2; exit 1; fi; "
                               "rm -f %1")
                    .arg(kServePid),
                30000, this, [this](Result<QByteArray> stopped) {
                    if (!stopped)
                        Q_EMIT alert(QStringLiteral("serve_failed"),
                            QStringLiteral("the serve command was not stopped: %1").arg(stopped.error().message));
                });
        setState(
            State::Standby, QStringLiteral("primary %1 serves again; syncing from it").arg(m_pool->record().primaryId));
        syncRound();
    }
}

void CpuStandby::takeOver()
{
    if (m_busy || !m_copy || !m_vm || m_pool->automationPaused())
        return;
    const WarmPool::Record &r = m_pool->record();
    if (!r.primaryId && !m_pool->relocationPending())
        return; // degraded before anything ever ran: nothing to take over
    m_busy = true;
    const qint64 primaryId = r.primaryId;
    const auto proceed = [this] {
        m_busy = false;
        if (m_state != State::Active) {
            setState(State::Active,
                QStringLiteral("the GPU is lost; the CPU standby serves with the copy of generation %1 (sync %2)")
                    .arg(m_copy->sourceGeneration)
                    .arg(m_copy->sequence));
            Q_EMIT alert(QStringLiteral("cpu_active"),
                QStringLiteral("the CPU standby %1 is the active target").arg(m_vm->ssh.host));
            if (!m_options.serveCommand.isEmpty())
                m_access->run(m_vm->ssh,
                    QStringLiteral(
                        // Its own process group (setsid keeps the PID: a background job here
                        // leads no group), so stopping it reaches every child it started.
                        "mkdir -p .gpufailover && (nohup setsid sh -c %1 >/dev/null 2>&1 </dev/null & echo $! > %2)")
                        .arg(QStringLiteral("'%1'").arg(
                                 QString(m_options.serveCommand).replace(u'\'', QStringLiteral("'\\''"))),
                            kServePid),
                    30000, this, [this](Result<QByteArray> started) {
                        if (!started)
                            Q_EMIT alert(QStringLiteral("serve_failed"), started.error().message);
                    });
        }
        // The newest trustworthy copy restores the pool: ours, unless a verified snapshot is newer.
        const auto snapshot = m_snapshotPoint ? m_snapshotPoint() : std::nullopt;
        if (snapshot && *snapshot > m_copy->startedAt)
            return;
        relocate();
    };
    if (!primaryId)
        return proceed();
    // Never two writers: the old primary must be stopped, gone, or lost on every path for the
    // whole grace. A hung one is stopped first; one cut off from the provider but still answering
    // is waited for.
    m_pool->checkPrimary(this, [=, this](WarmPool::PrimaryCheck c) {
        if (c.mayHandOver())
            return proceed();
        m_busy = false;
        if (c.fate == WarmPool::PrimaryFate::Runs) {
            Q_EMIT alert(QStringLiteral("fencing"),
                QStringLiteral("old primary %1 still runs according to the provider; stopping it first")
                    .arg(primaryId));
            m_journal->append(m_pool->config().id, QStringLiteral("cpu_fence"),
                { { QStringLiteral("instance"), double(primaryId) } });
            m_cloud->stop(primaryId, this, [](Result<Unit>) {});
            return; // the next tick looks again
        }
        if (c.fate == WarmPool::PrimaryFate::Answers)
            Q_EMIT alert(QStringLiteral("fencing"), c.detail);
        qCInfo(lcCore).noquote() << "pool" << m_pool->config().id << "CPU standby waits:" << c.detail;
    });
}

void CpuStandby::relocate()
{
    const StandbyCopier::Copy copy = *m_copy;
    const SshEndpoint standby = m_vm->ssh;
    m_pool->relocate(QStringLiteral("the GPU is lost; restoring a new one from the CPU standby's copy"),
        [this, copy, standby](
            const SshEndpoint &primary, QObject *context, std::function<void(Result<QJsonObject>)> done) {
            m_copier->restore(standby, primary, context, [=, this](Result<StandbyCopier::Restored> r) {
                if (!r) {
                    Q_EMIT alert(QStringLiteral("restore_failed"), r.error().message);
                    return done(r.error());
                }
                StandbyCopier::Restored restored = *r;
                restored.copy.startedAt = copy.startedAt;
                m_lastRestore = restored;
                Q_EMIT restoreFinished(restored);
                if (!restored.verified) {
                    Q_EMIT alert(QStringLiteral("restore_unverified"), restored.detail);
                    return done(Error { QStringLiteral("restore_unverified"), restored.detail });
                }
                done(QJsonObject {
                    { QStringLiteral("restored_from"), QStringLiteral("cpu:%1").arg(restored.copy.sequence) },
                    { QStringLiteral("source_generation"), double(restored.copy.sourceGeneration) },
                    { QStringLiteral("files_verified"), double(restored.filesVerified) },
                    { QStringLiteral("detail"), restored.detail } });
            });
        });
}

} // namespace gpufailover
