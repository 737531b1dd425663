#include "core/costmodel.h"

#include <QTimeZone>

#include <algorithm>

namespace gpufailover::cost {
namespace {
QList<RateSample> ofPool(const QList<RateSample> &samples, const QString &pool)
{
    QList<RateSample> out;
    for (const RateSample &s : samples) {
        if (s.pool == pool)
            out.append(s);
    }
    std::stable_sort(out.begin(), out.end(), [](const RateSample &a, const RateSample &b) { return a.at < b.at; });
    return out;
}
} // namespace

QList<CostBreakdown> accruedUntil(
    const QList<RateSample> &samples, const QString &pool, const QDateTime &from, const QList<QDateTime> &times)
{
    // Each sample's rate holds from its time (or `from`) until the next sample of its component.
    // One pass in time order, with the rates in force and a running total (a month of samples
    // every few minutes is tens of thousands; this runs on every /metrics scrape).
    const QList<RateSample> sorted = ofPool(samples, pool);
    QHash<QString, double> rate;
    CostBreakdown running;
    QDateTime cursor = from;
    const auto advance = [&](const QDateTime &to) {
        if (to <= cursor)
            return;
        const double hours = double(cursor.msecsTo(to)) / 3600000.0;
        for (auto it = rate.constBegin(); it != rate.constEnd(); ++it) {
            running.byComponent[it.key()] += it.value() * hours;
            running.total += it.value() * hours;
        }
        cursor = to;
    };
    QList<CostBreakdown> out;
    qsizetype next = 0;
    for (const QDateTime &t : times) {
        for (; next < sorted.size() && sorted[next].at <= t; ++next) {
            advance(sorted[next].at);
            rate.insert(sorted[next].component, sorted[next].perHour);
        }
        advance(t);
        out.append(running);
    }
    return out;
}

CostBreakdown accrued(const QList<RateSample> &samples, const QString &pool, const QDateTime &from, const QDateTime &to)
{
    return accruedUntil(samples, pool, from, { to }).value(0);
}

CostBreakdown currentRate(const QList<RateSample> &samples, const QString &pool, const QDateTime &at)
{
    CostBreakdown b;
    for (const RateSample &s : ofPool(samples, pool)) {
        if (s.at <= at)
            b.byComponent.insert(s.component, s.perHour); // newer samples overwrite older ones
    }
    for (double v : std::as_const(b.byComponent))
        b.total += v;
    return b;
}

QDateTime monthStart(const QDateTime &at)
{
    const QDate d = at.toUTC().date();
    return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), QTimeZone::utc());
}

QDateTime monthEnd(const QDateTime &at)
{
    return monthStart(at).addMonths(1);
}

double monthForecast(double soFar, double ratePerHour, const QDateTime &now)
{
    return soFar + ratePerHour * double(now.msecsTo(monthEnd(now))) / 3600000.0;
}

double monthForecast(const QList<RateSample> &samples, const QString &pool, const QDateTime &now)
{
    return monthForecast(
        accrued(samples, pool, monthStart(now), now).total, currentRate(samples, pool, now).total, now);
}

TierComparison compareTiers(double gpuPerHour, double gpuStoppedPerHour, double standbyStoppedPerHour,
    const CostPrices &prices, int cpuDiskGb, double idleFraction)
{
    const double idle = qBound(0.0, idleFraction, 1.0);
    TierComparison c;
    c.gpuMonthly = gpuPerHour * kHoursPerMonth;
    c.warmPoolMonthly = standbyStoppedPerHour * kHoursPerMonth;
    c.cpuStandbyMonthly = prices.gcpVmPerHour * kHoursPerMonth + cpuDiskGb * prices.gcpDiskPerGbMonth;
    c.gpuHibernatedMonthly = (gpuPerHour * (1 - idle) + gpuStoppedPerHour * idle) * kHoursPerMonth;
    c.hibernationSavings = c.gpuMonthly - c.gpuHibernatedMonthly;
    return c;
}

PlanEstimate estimatePlan(const PlanInputs &in, const CostPrices &prices)
{
    PlanEstimate e;
    e.gpuRunning = in.gpuPerHour * kHoursPerMonth + in.diskGb * in.storagePerGbMonth;
    e.standbyStorage = in.warmStandby ? in.diskGb * in.storagePerGbMonth : 0;
    e.volume = in.volumeGb * in.storagePerGbMonth;
    e.cpuStandby = in.cpuStandby ? prices.gcpVmPerHour * kHoursPerMonth + in.cpuDiskGb * prices.gcpDiskPerGbMonth : 0;
    const double perGb = in.snapshotTarget == u"b2" ? prices.b2PerGbMonth
        : in.snapshotTarget == u"r2"                ? prices.r2PerGbMonth
                                                    : 0;
    e.objectStorage = in.volumeGb * perGb;
    return e;
}

} // namespace gpufailover::cost
