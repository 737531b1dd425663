#pragma once

#include <QDateTime>
#include <QObject>

#include <atomic>

#include <functional>
#include <memory>

namespace gpufailover {

// A timer whose notion of time belongs to a Clock. Engine code never uses QTimer directly, so a
// test can drive minutes of health checks and deadlines by advancing a TestClock.
class ClockTimer : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ClockTimer() override = default;

    virtual void start(qint64 intervalMs) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    void setSingleShot(bool singleShot) { m_singleShot = singleShot; }
    bool isSingleShot() const { return m_singleShot; }

Q_SIGNALS:
    void timeout();

private:
    bool m_singleShot = false;
};

class Clock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Clock() override = default;

    // Wall-clock time in UTC, for journal entries and what users read.
    virtual QDateTime now() const = 0;
    // Milliseconds that never jump backwards and stop while the machine is suspended.
    virtual qint64 monotonicMs() const = 0;
    // Like monotonicMs() but keeps counting through suspend; the difference between the two is
    // how the health monitor notices a laptop that slept.
    virtual qint64 bootTimeMs() const = 0;
    virtual std::unique_ptr<ClockTimer> createTimer(QObject *parent = nullptr) = 0;

    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    // Runs `fn` once, `ms` clock ms from now, unless `context` is gone by then.
    void singleShot(qint64 ms, QObject *context, std::function<void()> fn);
};

// The real clock. A time scale above 1 makes simulated seconds pass faster: with scale 100 a
// 10 s health interval fires every 100 ms of real time, and monotonicMs() reports simulated ms.
class SystemClock final : public Clock
{
    Q_OBJECT
public:
    explicit SystemClock(double timeScale = 1.0, QObject *parent = nullptr);

    QDateTime now() const override;
    qint64 monotonicMs() const override;
    qint64 bootTimeMs() const override;
    std::unique_ptr<ClockTimer> createTimer(QObject *parent = nullptr) override;

    double timeScale() const { return m_timeScale; }
    // The wall clock set wrong by this much (no NTP, a manual change, a time zone mix-up): moves
    // now() only; monotonic and boot time, which the engine's timing runs on, do not see it.
    void setWallSkewMs(qint64 ms) { m_wallSkewMs = ms; }
    // What the engine sees after the laptop slept for `ms`: wall and boot time moved on, the
    // monotonic clock (stopped while suspended) did not. For tests and the soak; a real sleep
    // needs nothing of this.
    void simulateSleep(qint64 ms)
    {
        m_wallSkewMs += ms;
        m_sleptMs += ms;
    }

private:
    double m_timeScale;
    std::atomic<qint64> m_wallSkewMs { 0 };
    std::atomic<qint64> m_sleptMs { 0 };
    qint64 m_startWallMs;
    qint64 m_startMonoNs;
    qint64 m_startBootNs;
};

} // namespace gpufailover
