#pragma once

#include "core/cloudprovider.h"
#include "core/healthsample.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTime>

#include <functional>
#include <memory>
#include <optional>

namespace gpufailover {

class Clock;
class ClockTimer;
class CpuStandby;
class WarmPool;

// Auto-hibernation of an idle GPU (the original design's 55–58 % savings): when every GPU of the
// primary stays under a utilization threshold for a while and no user is logged in on it, the
// newest data is copied away first (the CPU standby's sync or a snapshot), then the primary is
// stopped. The volume keeps everything; waking starts it again. Off unless the user turns it on.
class Hibernation final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool enabled = false;
        int idleUtilizationPct = 5; // under this on every GPU...
        qint64 idleMs = 1800000; // ...for this long (clock ms)
        // Wakes a hibernated pool every day at these times (UTC, on the engine's clock), whether or
        // not idle hibernation is on: a researcher's "ready by 9 in the morning".
        QList<QTime> wakeAtUtc;
        // The user's service on the instance: an open connection to this port means the pool is
        // in use, whatever the GPUs do (0: not watched).
        int endpointPort = 0;
    };
    struct Activity
    {
        int sessions = 0; // people logged in
        int connections = 0; // established connections to the endpoint
    };
    // The command run on the primary to see its activity, and how its output is read (nullopt:
    // unreadable, which counts as in use).
    static QString activityCommand(int endpointPort);
    static std::optional<Activity> parseActivity(const QByteArray &out);
    // Copies the newest data away before the stop; answers whether that worked.
    using BeforeStop = std::function<void(std::function<void(bool ok, const QString &detail)>)>;

    Hibernation(WarmPool *pool, CloudProvider *cloud, InstanceAccess *access, Clock *clock, Options options,
        QObject *parent = nullptr);
    ~Hibernation() override;

    void setBeforeStop(BeforeStop beforeStop) { m_beforeStop = std::move(beforeStop); }
    // The usual copy: a sync to the pool's CPU standby.
    void syncFirstTo(CpuStandby &cpu);
    void setOptions(const Options &options) { m_options = options; }
    // "HH:MM" (UTC) to times; what is not a time is left out and named in *bad.
    static QList<QTime> parseSchedule(const QStringList &times, QStringList *bad = nullptr);
    const Options &options() const { return m_options; }
    // Now, whatever the utilization (a budget's hard action, or the user).
    void hibernateNow(const QString &why, std::function<void(Status)> done);
    void wake(std::function<void(Status)> done);
    std::optional<qint64> idleForMs() const;

Q_SIGNALS:
    void alert(const QString &kind, const QString &message);

private:
    void onProbe(const HealthSample &sample);
    void checkSchedule();

    WarmPool *m_pool;
    CloudProvider *m_cloud;
    InstanceAccess *m_access;
    Clock *m_clock;
    Options m_options;
    BeforeStop m_beforeStop;
    std::optional<qint64> m_idleSinceMs;
    std::unique_ptr<ClockTimer> m_schedule;
    QDateTime m_scheduleCheckedUpTo;
    bool m_busy = false;
};

} // namespace gpufailover
