#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace gpufailover {

// Prices the cost model uses where the providers do not say them per instance. Defaults are the
// published list prices of 2026-07-30; the user can change them.
struct CostPrices
{
    double gcpVmPerHour = 0.020106; // e2-medium Spot, us-central1
    double gcpDiskPerGbMonth = 0.10; // pd-balanced
    double b2PerGbMonth = 0.006;
    double r2PerGbMonth = 0.015;
};

// Vast prices storage per GB-month and bills it per hour as × GB / 720.
inline constexpr double kHoursPerMonth = 720.0;

// A rate that holds from `at` until the next sample of the same pool and component.
struct RateSample
{
    QDateTime at;
    QString pool;
    QString component; // gpu_primary, gpu_standby, cpu_vm, cpu_disk, object_storage, ...
    double perHour = 0;
};

struct CostBreakdown
{
    QHash<QString, double> byComponent; // dollars
    double total = 0;
};

namespace cost {
// Dollars accrued in [from, to) by one pool, from its rate samples. Each rate holds until the
// next sample of its component: while the app was closed the instances kept billing at the
// last rate seen, so the gap is counted at that rate.
CostBreakdown accrued(
    const QList<RateSample> &samples, const QString &pool, const QDateTime &from, const QDateTime &to);
// The same accrual from `from` up to each of `times` (ascending), in one pass over the samples:
// a chart's points without sorting a month of samples once per point.
QList<CostBreakdown> accruedUntil(
    const QList<RateSample> &samples, const QString &pool, const QDateTime &from, const QList<QDateTime> &times);
// The rate of each component now: its newest sample at or before `at`.
CostBreakdown currentRate(const QList<RateSample> &samples, const QString &pool, const QDateTime &at);
// The calendar month (UTC) that contains `at`.
QDateTime monthStart(const QDateTime &at);
QDateTime monthEnd(const QDateTime &at);
// This month so far, plus the current rate until the month ends.
double monthForecast(const QList<RateSample> &samples, const QString &pool, const QDateTime &now);
double monthForecast(double soFar, double ratePerHour, const QDateTime &now);

// The original design's comparison, from live prices: what a month of protection costs on top of
// the GPU itself with a warm standby (its storage while stopped) or with a CPU standby (VM and
// disk), and what the GPU costs when it sleeps `idleFraction` of the month.
struct TierComparison
{
    double gpuMonthly = 0; // the primary running all month
    double warmPoolMonthly = 0; // the stopped standby's storage
    double cpuStandbyMonthly = 0; // the VM and its disk
    double gpuHibernatedMonthly = 0; // running (1 - idle) of the month, storage the rest
    double hibernationSavings = 0; // gpuMonthly - gpuHibernatedMonthly
};
TierComparison compareTiers(double gpuPerHour, double gpuStoppedPerHour, double standbyStoppedPerHour,
    const CostPrices &prices, int cpuDiskGb, double idleFraction);
// What a new pool will cost a month before it exists (the wizard's review), from the chosen
// host's prices and the user's options. Storage is Vast's $/GB-month for the containers' disks
// and the volume; snapshots are estimated at the volume's size (the repository's ceiling before
// deduplication and compression).
struct PlanInputs
{
    double gpuPerHour = 0; // the primary GPU, running all month
    double storagePerGbMonth = 0; // the host's storage_cost
    int diskGb = 0; // each instance's container disk
    int volumeGb = 0;
    bool warmStandby = true;
    bool cpuStandby = false;
    int cpuDiskGb = 50;
    QString snapshotTarget; // "b2", "r2", or empty: none
};
struct PlanEstimate
{
    double gpuRunning = 0, standbyStorage = 0, volume = 0, cpuStandby = 0, objectStorage = 0;
    double total() const { return gpuRunning + standbyStorage + volume + cpuStandby + objectStorage; }
};
PlanEstimate estimatePlan(const PlanInputs &in, const CostPrices &prices);

} // namespace cost

} // namespace gpufailover
