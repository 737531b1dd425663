#include "core/costtracker.h"

#include "core/clock.h"
#include "core/cloudprovider.h"
#include "core/cpustandby.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"

#include <memory>

namespace gpufailover {
namespace {
const QString kSampleKind = QStringLiteral("cost_sample");
}

QStringList CostTracker::components()
{
    return { QStringLiteral("gpu_primary"), QStringLiteral("gpu_standby"), QStringLiteral("volume"),
        QStringLiteral("cpu_vm"), QStringLiteral("cpu_disk"), QStringLiteral("object_storage") };
}

CostTracker::CostTracker(
    PoolRegistry *pools, CloudProvider *cloud, Journal *journal, Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_pools(pools)
    , m_cloud(cloud)
    , m_journal(journal)
    , m_clock(clock)
    , m_options(options)
{
    m_timer = m_clock->createTimer(this);
    connect(m_timer.get(), &ClockTimer::timeout, this, &CostTracker::sampleNow);
    // This month's samples, and the rate that held when it began (one day back is enough for
    // samples every few minutes; an older gap starts the month at zero).
    JournalQuery q;
    q.kinds = { kSampleKind };
    q.from = cost::monthStart(m_clock->now()).addDays(-1);
    q.limit = 100000;
    if (const auto events = m_journal->query(q)) {
        for (const JournalEvent &e : *events) {
            for (auto it = e.data.constBegin(); it != e.data.constEnd(); ++it)
                m_samples.append({ e.time, e.pool, it.key(), it.value().toDouble() });
        }
    }
}

CostTracker::~CostTracker() = default;

void CostTracker::start()
{
    m_timer->start(m_options.sampleIntervalMs);
    sampleNow();
}

void CostTracker::sampleNow()
{
    for (WarmPool *p : m_pools->pools())
        samplePool(p);
}

void CostTracker::samplePool(WarmPool *pool)
{
    const QString id = pool->config().id;
    auto rates = std::make_shared<QHash<QString, double>>();
    for (const QString &c : components())
        rates->insert(c, 0); // a part that is gone costs nothing from now on
    if (const CpuStandby *cpu = m_pools->cpuStandbyOf(id); cpu && cpu->vm() && cpu->state() != CpuStandby::State::Off) {
        rates->insert(QStringLiteral("cpu_vm"), m_options.prices.gcpVmPerHour);
        rates->insert(
            QStringLiteral("cpu_disk"), m_options.cpuDiskGb * m_options.prices.gcpDiskPerGbMonth / kHoursPerMonth);
    }
    if (const SnapshotService *s = m_pools->snapshotsOf(id); s && s->state().repositoryBytes > 0) {
        const double perGbMonth
            = m_options.snapshotsOnR2 ? m_options.prices.r2PerGbMonth : m_options.prices.b2PerGbMonth;
        rates->insert(
            QStringLiteral("object_storage"), double(s->state().repositoryBytes) / 1e9 * perGbMonth / kHoursPerMonth);
    }
    // The GPUs at what the provider says they cost now: running at dph_total, stopped at storage.
    const WarmPool::Record r = pool->record();
    auto pending = std::make_shared<int>(2);
    auto finish = [this, id, rates, pending] {
        if (--*pending == 0)
            record(id, *rates);
    };
    const auto price = [this, id, rates, finish](qint64 instanceId, const QString &component) {
        if (!instanceId)
            return finish();
        m_cloud->instance(
            instanceId, this, [this, id, rates, finish, component](Result<std::optional<CloudInstance>> i) {
                if (i && i->has_value()) {
                    const CloudInstance &inst = **i;
                    if (component == u"gpu_primary") {
                        m_primaryStoppedRate.insert(id, inst.storageCostPerHour);
                        // The pool's volume lives on the same host and pays its storage price.
                        if (const WarmPool *p = m_pools->find(id); p && p->record().volumeId)
                            rates->insert(QStringLiteral("volume"),
                                p->config().volumeSizeGb * inst.storageCostPerGbMonth / kHoursPerMonth);
                    }
                    const bool running = inst.actualStatus == u"running" || inst.actualStatus == u"loading";
                    rates->insert(component, running ? inst.dphTotal : inst.storageCostPerHour);
                } else if (!i) {
                    rates->remove(component); // unknown: the last rate seen goes on
                }
                finish();
            });
    };
    price(r.primaryId, QStringLiteral("gpu_primary"));
    price(r.standbyId, QStringLiteral("gpu_standby"));
}

void CostTracker::record(const QString &pool, const QHash<QString, double> &rates)
{
    QJsonObject data;
    const QDateTime now = m_clock->now();
    for (auto it = rates.constBegin(); it != rates.constEnd(); ++it) {
        data.insert(it.key(), it.value());
        m_samples.append({ now, pool, it.key(), it.value() });
    }
    m_journal->append(pool, kSampleKind, data);
    Q_EMIT sampled(pool);
}

cost::TierComparison CostTracker::comparisonOf(const QString &pool, double idleFraction) const
{
    const CostBreakdown now = cost::currentRate(m_samples, pool, m_clock->now());
    const double stopped = m_primaryStoppedRate.value(pool);
    // A running primary's rate is its price; a hibernated one's is its storage.
    double gpu = now.byComponent.value(QStringLiteral("gpu_primary"));
    if (gpu <= stopped)
        gpu = 0;
    return cost::compareTiers(gpu, stopped, now.byComponent.value(QStringLiteral("gpu_standby")), m_options.prices,
        m_options.cpuDiskGb, idleFraction);
}

CostTracker::PoolCost CostTracker::costOf(const QString &pool) const
{
    const QDateTime now = m_clock->now();
    PoolCost c;
    c.rate = cost::currentRate(m_samples, pool, now);
    c.monthToDate = cost::accrued(m_samples, pool, cost::monthStart(now), now);
    c.forecastMonth = cost::monthForecast(c.monthToDate.total, c.rate.total, now);
    return c;
}

} // namespace gpufailover
