#pragma once

#include "core/clock.h"

#include <QList>
#include <QPointer>

namespace gpufailover {

// A clock that moves only when told to. advance() fires due timers in deadline order and sets the
// clock to each deadline before firing, so handlers observe the time they were scheduled for.
class TestClock final : public Clock
{
    Q_OBJECT
public:
    explicit TestClock(
        QDateTime start = QDateTime::fromMSecsSinceEpoch(1'767'225'600'000, Qt::UTC), QObject *parent = nullptr);
    ~TestClock() override;

    QDateTime now() const override;
    qint64 monotonicMs() const override { return m_monoMs; }
    qint64 bootTimeMs() const override { return m_bootMs; }
    std::unique_ptr<ClockTimer> createTimer(QObject *parent = nullptr) override;

    void advance(qint64 ms);
    // The machine sleeps for ms: wall and boot time move, monotonic time does not, no timer fires.
    void suspend(qint64 ms);
    // Somebody set the wall clock (NTP step, user); only now() changes.
    void jumpWall(qint64 ms) { m_wallOffsetMs += ms; }
    int activeTimerCount() const;

private:
    friend class TestClockTimer;
    void registerTimer(class TestClockTimer *timer);
    void unregisterTimer(class TestClockTimer *timer);

    qint64 m_startWallMs;
    qint64 m_wallOffsetMs = 0;
    qint64 m_monoMs = 0;
    qint64 m_bootMs = 0;
    QList<class TestClockTimer *> m_timers;
};

} // namespace gpufailover
