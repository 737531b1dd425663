#include "core/creditwatcher.h"

#include "core/clock.h"
#include "core/cloudprovider.h"
#include "core/costtracker.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/warmpool.h"

namespace gpufailover {

CreditWatcher::CreditWatcher(CloudProvider *cloud, CostTracker *costs, PoolRegistry *pools, Journal *journal,
    Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_cloud(cloud)
    , m_costs(costs)
    , m_pools(pools)
    , m_journal(journal)
    , m_clock(clock)
    , m_options(options)
{
    m_timer = m_clock->createTimer(this);
    connect(m_timer.get(), &ClockTimer::timeout, this, &CreditWatcher::checkNow);
}

CreditWatcher::~CreditWatcher() = default;

void CreditWatcher::start()
{
    m_timer->start(m_options.intervalMs);
    checkNow();
}

std::optional<double> CreditWatcher::hoursLeft() const
{
    double perHour = 0;
    for (WarmPool *p : m_pools->pools())
        perHour += m_costs->costOf(p->config().id).rate.total;
    if (!m_credit || perHour <= 0)
        return std::nullopt;
    return *m_credit / perHour;
}

void CreditWatcher::checkNow()
{
    m_cloud->account(this, [this](Result<AccountInfo> a) {
        if (!a)
            return; // no news: the next round asks again
        m_credit = a->credit;
        const auto hours = hoursLeft();
        if (!hours)
            return;
        if (*hours >= m_options.alertBelowHours) {
            m_alerted = false; // topped up: the next dip alerts again
            return;
        }
        if (m_alerted)
            return;
        m_alerted = true;
        m_journal->append({}, QStringLiteral("credit_low"),
            { { QStringLiteral("credit"), *m_credit }, { QStringLiteral("hours_left"), *hours } });
        Q_EMIT alert(QStringLiteral("credit_low"),
            QStringLiteral("Vast.ai credit $%1 lasts about %2 h at the current spending; top it up before the "
                           "provider stops every instance")
                .arg(*m_credit, 0, 'f', 2)
                .arg(*hours, 0, 'f', 1));
    });
}

} // namespace gpufailover
