#include "core/budgetwatcher.h"

#include "core/clock.h"
#include "core/costtracker.h"
#include "core/hibernation.h"
#include "core/journal.h"

namespace gpufailover {
namespace {
const QString kAlertKind = QStringLiteral("budget_alert");
const QString kOverall = QStringLiteral("*");
QString month(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM"));
}
// What was already said: one alert per scope, month and threshold.
QString alertKey(const QString &scope, const QString &month, int threshold)
{
    return QStringLiteral("%1|%2|%3").arg(scope, month).arg(threshold);
}
} // namespace

BudgetWatcher::BudgetWatcher(CostTracker *costs, Journal *journal, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_costs(costs)
    , m_journal(journal)
    , m_clock(clock)
{
    connect(m_costs, &CostTracker::sampled, this, &BudgetWatcher::check);
    JournalQuery q;
    q.kinds = { kAlertKind };
    q.from = cost::monthStart(m_clock->now());
    q.limit = 10000;
    if (const auto events = m_journal->query(q)) {
        for (const JournalEvent &e : *events)
            m_alerted.insert(alertKey(e.data.value(QStringLiteral("scope")).toString(),
                e.data.value(QStringLiteral("month")).toString(), e.data.value(QStringLiteral("threshold")).toInt()));
    }
}

void BudgetWatcher::check(const QString &pool)
{
    m_pools.insert(pool);
    const Budget b = m_budgets.value(pool);
    if (b.monthly > 0)
        cross(pool, m_costs->costOf(pool).monthToDate.total, b.monthly, b.hibernateAtLimit);
    if (const double overall = m_overall ? m_overall() : 0; overall > 0) {
        double all = 0;
        for (const QString &p : std::as_const(m_pools))
            all += m_costs->costOf(p).monthToDate.total;
        cross(kOverall, all, overall, nullptr);
    }
}

void BudgetWatcher::cross(const QString &scope, double spent, double budget, Hibernation *hardAction)
{
    const QString thisMonth = month(m_clock->now());
    for (const int threshold : { 80, 100 }) {
        const QString key = alertKey(scope, thisMonth, threshold);
        if (spent < budget * threshold / 100.0 || m_alerted.contains(key))
            continue;
        m_alerted.insert(key);
        const QString what = scope == kOverall ? QStringLiteral("all pools") : QStringLiteral("pool %1").arg(scope);
        m_journal->append(scope == kOverall ? QString() : scope, kAlertKind,
            { { QStringLiteral("scope"), scope }, { QStringLiteral("month"), thisMonth },
                { QStringLiteral("threshold"), threshold }, { QStringLiteral("spent"), spent },
                { QStringLiteral("budget"), budget } });
        Q_EMIT alert(threshold == 100 ? QStringLiteral("budget_reached") : QStringLiteral("budget_warning"),
            QStringLiteral("%1 has spent $%2 of its $%3 budget for %4 (%5 %)")
                .arg(what)
                .arg(spent, 0, 'f', 2)
                .arg(budget, 0, 'f', 2)
                .arg(thisMonth)
                .arg(threshold));
        if (threshold != 100 || !hardAction)
            continue;
        const auto step = m_journal->beginStep(scope, QStringLiteral("budget_action"),
            { { QStringLiteral("action"), QStringLiteral("hibernate") }, { QStringLiteral("spent"), spent } });
        hardAction->hibernateNow(
            QStringLiteral("monthly budget of $%1 reached").arg(budget, 0, 'f', 2), [this, step](Status s) {
                if (step)
                    m_journal->endStep(*step, s.ok(),
                        s.ok() ? QJsonObject {} : QJsonObject { { QStringLiteral("error"), s.error().message } });
            });
    }
}

} // namespace gpufailover
