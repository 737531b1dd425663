#include "core/testclock.h"

#include <limits>

namespace gpufailover {

class TestClockTimer final : public ClockTimer
{
public:
    TestClockTimer(TestClock *clock, QObject *parent)
        : ClockTimer(parent)
        , m_clock(clock)
    {
        m_clock->registerTimer(this);
    }
    ~TestClockTimer() override
    {
        if (m_clock)
            m_clock->unregisterTimer(this);
    }

    void start(qint64 intervalMs) override
    {
        m_interval = qMax<qint64>(0, intervalMs);
        m_deadline = m_clock ? m_clock->monotonicMs() + m_interval : 0;
        m_active = true;
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }

    qint64 deadline() const { return m_deadline; }
    void fire()
    {
        if (isSingleShot())
            m_active = false;
        else
            m_deadline += qMax<qint64>(1, m_interval);
        Q_EMIT timeout();
    }

    QPointer<TestClock> m_clock;

private:
    qint64 m_interval = 0;
    qint64 m_deadline = 0;
    bool m_active = false;
};

TestClock::TestClock(QDateTime start, QObject *parent)
    : Clock(parent)
    , m_startWallMs(start.toMSecsSinceEpoch())
{ }

TestClock::~TestClock()
{
    for (auto *timer : std::as_const(m_timers))
        timer->m_clock = nullptr;
}

QDateTime TestClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_startWallMs + m_bootMs + m_wallOffsetMs, Qt::UTC);
}

std::unique_ptr<ClockTimer> TestClock::createTimer(QObject *parent)
{
    return std::make_unique<TestClockTimer>(this, parent);
}

void TestClock::registerTimer(TestClockTimer *timer)
{
    m_timers.append(timer);
}

void TestClock::unregisterTimer(TestClockTimer *timer)
{
    m_timers.removeAll(timer);
}

int TestClock::activeTimerCount() const
{
    int n = 0;
    for (auto *timer : m_timers)
        n += timer->isActive() ? 1 : 0;
    return n;
}

void TestClock::advance(qint64 ms)
{
    const qint64 target = m_monoMs + qMax<qint64>(0, ms);
    for (;;) {
        // A handler may create, stop or delete timers, so pick the next one afresh each round.
        TestClockTimer *next = nullptr;
        qint64 best = std::numeric_limits<qint64>::max();
        for (auto *timer : std::as_const(m_timers)) {
            if (timer->isActive() && timer->deadline() <= target && timer->deadline() < best) {
                best = timer->deadline();
                next = timer;
            }
        }
        if (!next)
            break;
        const qint64 step = qMax<qint64>(0, best - m_monoMs);
        m_monoMs += step;
        m_bootMs += step;
        next->fire();
    }
    const qint64 rest = target - m_monoMs;
    m_monoMs += rest;
    m_bootMs += rest;
}

void TestClock::suspend(qint64 ms)
{
    m_bootMs += qMax<qint64>(0, ms);
}

} // namespace gpufailover
