#include "core/clock.h"
#include "core/testclock.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(TestClock, FiresTimersInDeadlineOrderAtTheirOwnTime)
{
    TestClock clock;
    auto slow = clock.createTimer();
    auto fast = clock.createTimer();
    slow->setSingleShot(true);
    QList<std::pair<QString, qint64>> fired;
    QObject ctx;
    QObject::connect(slow.get(), &ClockTimer::timeout, &ctx, [&] {
        fired.append({ QStringLiteral("slow"), clock.monotonicMs() });
    });
    QObject::connect(fast.get(), &ClockTimer::timeout, &ctx, [&] {
        fired.append({ QStringLiteral("fast"), clock.monotonicMs() });
    });
    slow->start(2500);
    fast->start(1000); // periodic

    clock.advance(3000);

    ASSERT_EQ(fired.size(), 4);
    EXPECT_EQ(fired[0], std::make_pair(QStringLiteral("fast"), qint64(1000)));
    EXPECT_EQ(fired[1], std::make_pair(QStringLiteral("fast"), qint64(2000)));
    EXPECT_EQ(fired[2], std::make_pair(QStringLiteral("slow"), qint64(2500)));
    EXPECT_EQ(fired[3], std::make_pair(QStringLiteral("fast"), qint64(3000)));
    EXPECT_FALSE(slow->isActive());
    EXPECT_TRUE(fast->isActive());
    EXPECT_EQ(clock.monotonicMs(), 3000);
}

TEST(TestClock, TimerRestartedFromItsHandlerFiresAgainWithinTheSameAdvance)
{
    TestClock clock;
    auto t = clock.createTimer();
    t->setSingleShot(true);
    int count = 0;
    QObject ctx;
    QObject::connect(t.get(), &ClockTimer::timeout, &ctx, [&] {
        if (++count < 3)
            t->start(100);
    });
    t->start(100);
    clock.advance(1000);
    EXPECT_EQ(count, 3);
}

TEST(TestClock, SuspendMovesWallAndBootTimeButFiresNothing)
{
    TestClock clock;
    auto t = clock.createTimer();
    QSignalSpy spy(t.get(), &ClockTimer::timeout);
    t->start(1000);
    const QDateTime before = clock.now();

    clock.suspend(3'600'000);

    EXPECT_EQ(spy.count(), 0);
    EXPECT_EQ(clock.monotonicMs(), 0);
    EXPECT_EQ(clock.bootTimeMs(), 3'600'000);
    EXPECT_EQ(before.msecsTo(clock.now()), 3'600'000);
    clock.advance(1000);
    EXPECT_EQ(spy.count(), 1);
}

TEST(TestClock, DeletedTimerIsForgotten)
{
    TestClock clock;
    {
        auto t = clock.createTimer();
        t->start(10);
        EXPECT_EQ(clock.activeTimerCount(), 1);
    }
    EXPECT_EQ(clock.activeTimerCount(), 0);
    clock.advance(100); // must not touch the deleted timer
}

TEST(SystemClock, ScaledTimeRunsFasterThanRealTime)
{
    // At scale 1000, a 5 s simulated timer fires after ~5 ms of real time. The bound below only
    // keeps a broken clock from hanging the test; what is asserted is the simulated time.
    SystemClock clock(1000.0);
    auto t = clock.createTimer();
    t->setSingleShot(true);
    QSignalSpy spy(t.get(), &ClockTimer::timeout);
    const qint64 start = clock.monotonicMs();
    t->start(5000);
    ASSERT_TRUE(spy.wait(5000));
    EXPECT_GE(clock.monotonicMs() - start, 5000);
    EXPECT_FALSE(t->isActive());
}
