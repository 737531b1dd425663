#include "core/hibernation.h"

#include "core/clock.h"
#include "core/cpustandby.h"
#include "core/logging.h"
#include "core/warmpool.h"

namespace gpufailover {

Hibernation::Hibernation(
    WarmPool *pool, CloudProvider *cloud, InstanceAccess *access, Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_cloud(cloud)
    , m_access(access)
    , m_clock(clock)
    , m_options(options)
{
    connect(m_pool, &WarmPool::probed, this, &Hibernation::onProbe);
    // A minute's resolution is enough for a wake schedule given to the minute.
    m_schedule = m_clock->createTimer(this);
    connect(m_schedule.get(), &ClockTimer::timeout, this, &Hibernation::checkSchedule);
    m_schedule->start(60000);
}

Hibernation::~Hibernation() = default;

QList<QTime> Hibernation::parseSchedule(const QStringList &times, QStringList *bad)
{
    QList<QTime> out;
    for (const QString &t : times) {
        const QTime time = QTime::fromString(t.trimmed(), QStringLiteral("HH:mm"));
        if (time.isValid())
            out.append(time);
        else if (bad)
            bad->append(t);
    }
    return out;
}

// Wakes the pool when a scheduled time passed since the last look. Looking back to the last
// check (not just "is it 09:00 now") keeps a time that fell between two ticks, or while the
// machine slept, from being missed; the first look only starts the watch.
void Hibernation::checkSchedule()
{
    const QDateTime now = m_clock->now().toUTC();
    const QDateTime from = m_scheduleCheckedUpTo;
    m_scheduleCheckedUpTo = now;
    if (!from.isValid() || m_options.wakeAtUtc.isEmpty() || m_pool->state() != WarmPool::State::Hibernated)
        return;
    for (const QTime &t : std::as_const(m_options.wakeAtUtc)) {
        for (QDate day = from.date(); day <= now.date(); day = day.addDays(1)) {
            const QDateTime at(day, t, Qt::UTC);
            if (at > from && at <= now) {
                qCInfo(lcCore).noquote() << "pool" << m_pool->config().id << "scheduled wake at"
                                         << t.toString(u"HH:mm");
                return wake([](Status) {});
            }
        }
    }
}

std::optional<qint64> Hibernation::idleForMs() const
{
    return m_idleSinceMs ? std::optional(m_clock->monotonicMs() - *m_idleSinceMs) : std::nullopt;
}

void Hibernation::onProbe(const HealthSample &sample)
{
    if (!m_options.enabled || m_busy || m_pool->state() != WarmPool::State::Active || !sample.healthy()
        || sample.gpus.isEmpty()) {
        m_idleSinceMs.reset();
        return;
    }
    for (const GpuReading &g : sample.gpus) {
        if (!g.utilizationPct || *g.utilizationPct >= m_options.idleUtilizationPct) {
            m_idleSinceMs.reset(); // busy (or unknown, which is not idle)
            return;
        }
    }
    // The GPUs rest; is a person logged in, or is anyone using the endpoint? Asked on every idle
    // probe, so "idle for N minutes" means no session and no connection for those minutes too.
    m_busy = true;
    m_cloud->instance(m_pool->record().primaryId, this, [this](Result<std::optional<CloudInstance>> i) {
        if (!i || !i->has_value() || !(*i)->ssh) {
            m_busy = false;
            return;
        }
        m_access->run(*(*i)->ssh, activityCommand(m_options.endpointPort), 10000, this, [this](Result<QByteArray> out) {
            m_busy = false;
            const std::optional<Activity> a = out ? parseActivity(*out) : std::nullopt;
            if (!a || a->sessions > 0 || a->connections > 0) {
                m_idleSinceMs.reset(); // in use, or we cannot tell: not idle
                return;
            }
            const qint64 now = m_clock->monotonicMs();
            if (!m_idleSinceMs)
                m_idleSinceMs = now;
            if (now - *m_idleSinceMs < m_options.idleMs)
                return;
            const qint64 idleMin = *idleForMs() / 60000;
            hibernateNow(QStringLiteral("idle: GPUs under %1 % for %2 min, nobody logged in%3")
                             .arg(m_options.idleUtilizationPct)
                             .arg(idleMin)
                             .arg(m_options.endpointPort
                                     ? QStringLiteral(", no connection to port %1").arg(m_options.endpointPort)
                                     : QString()),
                [](Status) {});
        });
    });
}

QString Hibernation::activityCommand(int endpointPort)
{
    // Plain POSIX sh. Established TCP connections whose local port is the endpoint's: someone
    // is using the service the GPU serves, whatever its utilization.
    QString command = QStringLiteral("echo \"SESSIONS $(who | grep -c .)\"");
    if (endpointPort > 0)
        command += QStringLiteral("; echo \"CONNECTIONS $(ss -Htn state established '( sport = :%1 )' | grep -c .)\"")
                       .arg(endpointPort);
    return command;
}

std::optional<Hibernation::Activity> Hibernation::parseActivity(const QByteArray &out)
{
    Activity a;
    bool sawSessions = false;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> f = line.trimmed().split(' ');
        bool ok = false;
        const int n = f.value(1).toInt(&ok);
        if (f.size() != 2 || !ok || n < 0)
            continue;
        if (f[0] == "SESSIONS") {
            a.sessions = n;
            sawSessions = true;
        } else if (f[0] == "CONNECTIONS") {
            a.connections = n;
        }
    }
    return sawSessions ? std::optional(a) : std::nullopt;
}

void Hibernation::hibernateNow(const QString &why, std::function<void(Status)> done)
{
    if (m_busy || m_pool->state() != WarmPool::State::Active)
        return done(Error { QStringLiteral("not_active"), QStringLiteral("only an active pool hibernates") });
    m_busy = true;
    const auto stop = [this, why, done] {
        m_pool->hibernate(why, this, [this, done](Status s) {
            m_busy = false;
            m_idleSinceMs.reset();
            if (s)
                Q_EMIT alert(QStringLiteral("hibernated"), m_pool->lastReason());
            done(s);
        });
    };
    if (!m_beforeStop)
        return stop();
    m_beforeStop([this, stop, done](bool ok, const QString &detail) {
        if (!ok) {
            // Never stop a GPU whose newest data is nowhere else.
            m_busy = false;
            Q_EMIT alert(QStringLiteral("hibernation_skipped"),
                QStringLiteral("not hibernating: the data could not be copied away first (%1)").arg(detail));
            return done(Error { QStringLiteral("not_copied"), detail });
        }
        stop();
    });
}

void Hibernation::syncFirstTo(CpuStandby &cpu)
{
    m_beforeStop = [&cpu](std::function<void(bool, const QString &)> done) { cpu.syncNow(std::move(done)); };
}

void Hibernation::wake(std::function<void(Status)> done)
{
    m_pool->wake(this, std::move(done));
}

} // namespace gpufailover
