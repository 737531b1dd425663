#pragma once

#include <QObject>

#include <memory>
#include <optional>

namespace gpufailover {

class CloudProvider;
class Clock;
class ClockTimer;
class CostTracker;
class Journal;
class PoolRegistry;

// Vast.ai stops every instance when the prepaid credit runs out, standby and all. This watches
// the credit against what the pools spend per hour and alerts while there is still time to
// top it up: once when the hours left fall under the threshold, again only after it recovered.
class CreditWatcher final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 intervalMs = 900000; // every 15 minutes
        double alertBelowHours = 48;
    };

    CreditWatcher(CloudProvider *cloud, CostTracker *costs, PoolRegistry *pools, Journal *journal, Clock *clock,
        Options options, QObject *parent = nullptr);
    ~CreditWatcher() override;

    void start();
    void checkNow();
    std::optional<double> credit() const { return m_credit; }
    // Hours until the credit is spent at the current rate of every pool; empty when nothing spends.
    std::optional<double> hoursLeft() const;

Q_SIGNALS:
    void alert(const QString &kind, const QString &message);

private:
    CloudProvider *m_cloud;
    CostTracker *m_costs;
    PoolRegistry *m_pools;
    Journal *m_journal;
    Clock *m_clock;
    Options m_options;
    std::unique_ptr<ClockTimer> m_timer;
    std::optional<double> m_credit;
    bool m_alerted = false;
};

} // namespace gpufailover
