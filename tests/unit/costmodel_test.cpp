// The cost model's arithmetic against fixtures computed by hand. November 2026 has 30 days = 720 h.
#include "core/costmodel.h"

#include <QTimeZone>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
QDateTime nov(int day, int hour = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, 0), QTimeZone::utc());
}
const QDateTime kDecember = QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc());
RateSample rate(const QDateTime &at, const char *component, double perHour, const char *pool = "p")
{
    return { at, QString::fromLatin1(pool), QString::fromLatin1(component), perHour };
}
const QString kPool = QStringLiteral("p");
} // namespace

TEST(CostModel, AGpuRunningAllMonth)
{
    const QList<RateSample> s { rate(nov(1), "gpu_primary", 0.35) };
    EXPECT_NEAR(cost::accrued(s, kPool, nov(1), kDecember).total, 252.00, 1e-9); // 720 h × $0.35
}

TEST(CostModel, AStoppedInstancePaysItsStorageOnly)
{
    // 50 GB at $0.15 per GB-month, billed per hour as × GB / 720.
    const QList<RateSample> s { rate(nov(1), "gpu_standby", 50 * 0.15 / kHoursPerMonth) };
    EXPECT_NEAR(cost::accrued(s, kPool, nov(1), kDecember).total, 7.50, 1e-9);
}

TEST(CostModel, AMixedMonthAndAPriceChangeInTheMiddle)
{
    // Running 10 days at $0.35 (84.00), then stopped 20 days with 50 GB at $0.15 (5.00).
    const QList<RateSample> mixed { rate(nov(1), "gpu_primary", 0.35),
        rate(nov(11), "gpu_primary", 50 * 0.15 / kHoursPerMonth) };
    EXPECT_NEAR(cost::accrued(mixed, kPool, nov(1), kDecember).total, 89.00, 1e-9);

    // The host raises its price on the 16th: 15 days at $0.35 (126.00) + 15 at $0.42 (151.20).
    const QList<RateSample> raised { rate(nov(1), "gpu_primary", 0.35), rate(nov(16), "gpu_primary", 0.42) };
    EXPECT_NEAR(cost::accrued(raised, kPool, nov(1), kDecember).total, 277.20, 1e-9);
    // Samples of other pools and before the window do not count.
    QList<RateSample> noisy = raised;
    noisy.append(rate(nov(5), "gpu_primary", 9.99, "other"));
    EXPECT_NEAR(cost::accrued(noisy, kPool, nov(16), kDecember).total, 151.20, 1e-9);
}

TEST(CostModel, TheDayTheAppWasClosedIsCountedAtTheLastRate)
{
    // Hourly samples on the 1st, nothing on the 2nd (closed), hourly again from the 3rd: the
    // instance billed all along. 72 h × $0.30 = 21.60; the CPU VM too: 72 h × $0.020106.
    QList<RateSample> s;
    for (int h = 0; h < 24; ++h) {
        s.append(rate(nov(1, h), "gpu_primary", 0.30));
        s.append(rate(nov(1, h), "cpu_vm", 0.020106));
    }
    for (int h = 0; h < 24; ++h)
        s.append(rate(nov(3, h), "gpu_primary", 0.30));
    const CostBreakdown b = cost::accrued(s, kPool, nov(1), nov(4));
    EXPECT_NEAR(b.byComponent.value(QStringLiteral("gpu_primary")), 21.60, 1e-9);
    EXPECT_NEAR(b.byComponent.value(QStringLiteral("cpu_vm")), 72 * 0.020106, 1e-9);
    EXPECT_NEAR(b.total, 21.60 + 72 * 0.020106, 1e-9);
}

TEST(CostModel, TheRateNowAndTheMonthsForecast)
{
    const QList<RateSample> s { rate(nov(1), "gpu_primary", 0.35), rate(nov(1), "gpu_standby", 0.01),
        rate(nov(10), "gpu_standby", 0.02) };
    const CostBreakdown now = cost::currentRate(s, kPool, nov(16));
    EXPECT_NEAR(now.total, 0.37, 1e-9);
    EXPECT_NEAR(now.byComponent.value(QStringLiteral("gpu_standby")), 0.02, 1e-9);
    EXPECT_NEAR(cost::currentRate(s, kPool, nov(5)).byComponent.value(QStringLiteral("gpu_standby")), 0.01, 1e-9);
    // So far: primary 360 h × 0.35 = 126.00; standby 216 h × 0.01 + 144 h × 0.02 = 5.04.
    // The rest of the month (360 h) at 0.37 = 133.20. Total 264.24.
    EXPECT_NEAR(cost::monthForecast(s, kPool, nov(16)), 264.24, 1e-9);
    EXPECT_EQ(cost::monthStart(nov(16, 13)), nov(1));
    EXPECT_EQ(cost::monthEnd(nov(16, 13)), kDecember);
}

TEST(CostModel, TheOriginalDesignsComparisonFromLivePrices)
{
    // A $0.35/h GPU whose disk costs $0.0104/h stopped; a standby whose storage is $0.0104/h; a
    // CPU VM at $0.020106/h with 20 GB at $0.10; asleep 57 % of the month.
    const CostPrices prices;
    const auto c = cost::compareTiers(0.35, 50 * 0.15 / kHoursPerMonth, 50 * 0.15 / kHoursPerMonth, prices, 20, 0.57);
    EXPECT_NEAR(c.gpuMonthly, 252.00, 1e-9);
    EXPECT_NEAR(c.warmPoolMonthly, 7.50, 1e-9); // "standby storage ~$5–10 a month"
    EXPECT_NEAR(c.cpuStandbyMonthly, 720 * 0.020106 + 2.00, 1e-9); // $16.48: "an $11–28 CPU VM"
    // Running 43 %: 309.6 h × 0.35 = 108.36; stopped 57 %: 410.4 h × 0.0104167 = 4.275.
    EXPECT_NEAR(c.gpuHibernatedMonthly, 108.36 + 4.275, 1e-9);
    EXPECT_NEAR(c.hibernationSavings, 252.00 - 112.635, 1e-9);
    EXPECT_NEAR(c.hibernationSavings / c.gpuMonthly, 0.553, 1e-3); // the design's 55–58 %
}

TEST(CostModel, APlanIsEstimatedFromTheHostsPricesAndTheChosenTiers)
{
    // By hand: a $0.35/h GPU, storage $0.15/GB-month, 20 GB disks, a 100 GB volume.
    cost::PlanInputs in;
    in.gpuPerHour = 0.35;
    in.storagePerGbMonth = 0.15;
    in.diskGb = 20;
    in.volumeGb = 100;
    in.warmStandby = true;
    in.cpuStandby = true;
    in.cpuDiskGb = 50;
    in.snapshotTarget = QStringLiteral("b2");
    const cost::PlanEstimate e = cost::estimatePlan(in, CostPrices {});
    EXPECT_NEAR(e.gpuRunning, 0.35 * 720 + 3.0, 1e-9); // 252 + 3
    EXPECT_NEAR(e.standbyStorage, 3.0, 1e-9);
    EXPECT_NEAR(e.volume, 15.0, 1e-9);
    EXPECT_NEAR(e.cpuStandby, 0.020106 * 720 + 5.0, 1e-9); // 14.48 + 5
    EXPECT_NEAR(e.objectStorage, 0.6, 1e-9);
    EXPECT_NEAR(e.total(), 255 + 3 + 15 + 19.47632 + 0.6, 1e-6);
    in.warmStandby = false;
    in.cpuStandby = false;
    in.snapshotTarget = QStringLiteral("r2");
    const cost::PlanEstimate bare = cost::estimatePlan(in, CostPrices {});
    EXPECT_EQ(bare.standbyStorage, 0);
    EXPECT_EQ(bare.cpuStandby, 0);
    EXPECT_NEAR(bare.objectStorage, 1.5, 1e-9);
}

TEST(CostModel, AccruingUpToManyTimesInOnePassAgreesWithAccruingToEach)
{
    // A sample before `from`, a price change, a component that starts late and one that stops.
    const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-01T00:00:00Z"), Qt::ISODate);
    const QList<RateSample> samples { { t0.addSecs(-3600), QStringLiteral("p"), QStringLiteral("gpu"), 0.40 },
        { t0.addSecs(1800), QStringLiteral("p"), QStringLiteral("gpu"), 0.20 },
        { t0.addSecs(2700), QStringLiteral("p"), QStringLiteral("cpu"), 0.02 },
        { t0.addSecs(5400), QStringLiteral("p"), QStringLiteral("cpu"), 0.0 },
        { t0.addSecs(600), QStringLiteral("other"), QStringLiteral("gpu"), 9.0 } };
    QList<QDateTime> times;
    for (int m = 0; m <= 180; m += 15)
        times.append(t0.addSecs(m * 60));
    const QList<CostBreakdown> once = cost::accruedUntil(samples, QStringLiteral("p"), t0, times);
    ASSERT_EQ(once.size(), times.size());
    for (qsizetype i = 0; i < times.size(); ++i) {
        const CostBreakdown each = cost::accrued(samples, QStringLiteral("p"), t0, times[i]);
        EXPECT_NEAR(once[i].total, each.total, 1e-12) << i;
        EXPECT_NEAR(
            once[i].byComponent.value(QStringLiteral("cpu")), each.byComponent.value(QStringLiteral("cpu")), 1e-12);
    }
    // By hand at 3 h: gpu 0.5 h × 0.40 + 2.5 h × 0.20 = 0.70; cpu 0.75 h × 0.02 = 0.015.
    EXPECT_NEAR(once.last().total, 0.715, 1e-12);
}
