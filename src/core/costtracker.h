#pragma once

#include "core/costmodel.h"

#include <QObject>

#include <memory>

namespace gpufailover {

class CloudProvider;
class Clock;
class ClockTimer;
class Journal;
class PoolRegistry;
class WarmPool;

// What each pool costs: every interval, the hourly rate of each of its parts (the GPU primary
// at its dph_total while running, at its storage price while stopped; the standby likewise;
// the CPU standby's VM and disk; the snapshot repository in its object store) is journaled as
// a `cost_sample`. Accrued costs and the month's forecast are computed from those samples, so
// they survive restarts, and the time the app was closed is counted at the last rate seen.
class CostTracker final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 sampleIntervalMs = 600000; // every 10 minutes
        CostPrices prices;
        int cpuDiskGb = 20;
        bool snapshotsOnR2 = false; // else B2's price
    };
    struct PoolCost
    {
        CostBreakdown rate; // $/h now
        CostBreakdown monthToDate; // $
        double forecastMonth = 0; // $
    };

    CostTracker(PoolRegistry *pools, CloudProvider *cloud, Journal *journal, Clock *clock, Options options,
        QObject *parent = nullptr);
    ~CostTracker() override;

    void start();
    void sampleNow();
    PoolCost costOf(const QString &pool) const;
    // The original design's comparison for this pool, from its latest prices.
    cost::TierComparison comparisonOf(const QString &pool, double idleFraction) const;
    const Options &options() const { return m_options; }
    static QStringList components();

Q_SIGNALS:
    void sampled(const QString &pool);

private:
    void samplePool(WarmPool *pool);
    void record(const QString &pool, const QHash<QString, double> &rates);

    PoolRegistry *m_pools;
    CloudProvider *m_cloud;
    Journal *m_journal;
    Clock *m_clock;
    Options m_options;
    std::unique_ptr<ClockTimer> m_timer;
    QList<RateSample> m_samples; // this month's and the newest before it
    QHash<QString, double> m_primaryStoppedRate; // what each primary would cost stopped ($/h)
};

} // namespace gpufailover
