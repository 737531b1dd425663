#pragma once

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

namespace gpufailover {

class Clock;
class CostTracker;
class Hibernation;
class Journal;

// Monthly budgets, per pool and overall: an alert when the month's spending reaches 80 % and
// again at 100 % of a budget, once per threshold and month (journaled, so a restart does not
// repeat them); at 100 %, optionally the hard action: hibernate the pool.
class BudgetWatcher final : public QObject
{
    Q_OBJECT
public:
    struct Budget
    {
        double monthly = 0; // USD; 0 = none
        Hibernation *hibernateAtLimit = nullptr; // the hard action, when set
    };

    BudgetWatcher(CostTracker *costs, Journal *journal, Clock *clock, QObject *parent = nullptr);

    void setBudget(const QString &pool, const Budget &budget) { m_budgets.insert(pool, budget); }
    // Read at every check, so a changed setting applies at once.
    void setOverall(std::function<double()> monthly) { m_overall = std::move(monthly); }

Q_SIGNALS:
    void alert(const QString &kind, const QString &message);

private:
    void check(const QString &pool);
    void cross(const QString &scope, double spent, double budget, Hibernation *hardAction);

    CostTracker *m_costs;
    Journal *m_journal;
    Clock *m_clock;
    QHash<QString, Budget> m_budgets;
    std::function<double()> m_overall;
    QSet<QString> m_pools; // every pool sampled: the overall budget sums them
    QSet<QString> m_alerted; // "scope|yyyy-MM|threshold"
};

} // namespace gpufailover
