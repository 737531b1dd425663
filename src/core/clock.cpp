#include "core/clock.h"

#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>

namespace gpufailover {

void Clock::singleShot(qint64 ms, QObject *context, std::function<void()> fn)
{
    ClockTimer *timer = createTimer(context).release(); // owned by the context until it fires
    timer->setSingleShot(true);
    connect(timer, &ClockTimer::timeout, context, [timer, fn = std::move(fn)] {
        timer->deleteLater();
        fn();
    });
    timer->start(qMax<qint64>(1, ms));
}
namespace {

qint64 readClockNs(clockid_t id)
{
    timespec ts {};
    clock_gettime(id, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

class SystemClockTimer final : public ClockTimer
{
public:
    SystemClockTimer(double timeScale, QObject *parent)
        : ClockTimer(parent)
        , m_timeScale(timeScale)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (isSingleShot())
                m_timer.stop();
            Q_EMIT timeout();
        });
    }

    void start(qint64 intervalMs) override
    {
        const auto realMs = qint64(std::llround(double(intervalMs) / m_timeScale));
        m_timer.start(int(std::clamp<qint64>(realMs, 0, std::numeric_limits<int>::max())));
    }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }

private:
    double m_timeScale;
    QTimer m_timer;
};

} // namespace

SystemClock::SystemClock(double timeScale, QObject *parent)
    : Clock(parent)
    , m_timeScale(timeScale > 0 ? timeScale : 1.0)
    , m_startWallMs(QDateTime::currentMSecsSinceEpoch())
    , m_startMonoNs(readClockNs(CLOCK_MONOTONIC))
    , m_startBootNs(readClockNs(CLOCK_BOOTTIME))
{ }

QDateTime SystemClock::now() const
{
    if (m_timeScale == 1.0)
        return QDateTime::currentDateTimeUtc().addMSecs(m_wallSkewMs);
    return QDateTime::fromMSecsSinceEpoch(m_startWallMs + monotonicMs() + m_wallSkewMs, Qt::UTC);
}

qint64 SystemClock::monotonicMs() const
{
    const double elapsedNs = double(readClockNs(CLOCK_MONOTONIC) - m_startMonoNs) * m_timeScale;
    return qint64(elapsedNs / 1e6);
}

qint64 SystemClock::bootTimeMs() const
{
    const double elapsedNs = double(readClockNs(CLOCK_BOOTTIME) - m_startBootNs) * m_timeScale;
    return qint64(elapsedNs / 1e6) + m_sleptMs;
}

std::unique_ptr<ClockTimer> SystemClock::createTimer(QObject *parent)
{
    return std::make_unique<SystemClockTimer>(m_timeScale, parent);
}

} // namespace gpufailover
