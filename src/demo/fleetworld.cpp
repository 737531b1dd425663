#include "demo/fleetworld.h"

#include "api/apiserver.h"
#include "core/clock.h"
#include "core/costtracker.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "providers/vastclient.h"
#include "providers/vastcloudprovider.h"
#include "sim/siminstanceaccess.h"
#include "sim/simmarket.h"
#include "sim/simserver.h"

#include <QDateTime>
#include <QDir>
#include <QNetworkAccessManager>
#include <QUuid>

namespace gpufailover {

FleetWorld::~FleetWorld() = default;

SimMarket &FleetWorld::market() const
{
    return m_sim->market();
}

quint16 FleetWorld::apiPort() const
{
    return m_api->port();
}

Result<std::unique_ptr<FleetWorld>> FleetWorld::create(Options options)
{
    std::unique_ptr<FleetWorld> w(new FleetWorld);
    w->m_options = options;
    w->m_clock = std::make_unique<SystemClock>(options.timeScale);
    SimOptions sim;
    sim.hosts = 0;
    sim.createMinMs = sim.startMinMs = 10000;
    sim.createMaxMs = sim.startMaxMs = 20000;
    w->m_sim = std::make_unique<SimServer>(w->m_clock.get(), sim);
    // One 2-GPU machine per pool, and a few spares for standbys rented after a failover.
    for (int i = 0; i < options.pools + options.pools / 5 + 1; ++i) {
        SimHost h = SimHost::machine(1000 + i, 2, QStringLiteral("RTX 4090"), 0.30 + 0.001 * i,
            QDateTime::currentSecsSinceEpoch() + 86400 * 120);
        h.reliability = 0.995;
        h.diskSpaceGb = 1000;
        w->market().addHost(h);
    }
    if (auto listening = w->m_sim->listen(); !listening)
        return listening.error();
    w->m_network = std::make_unique<QNetworkAccessManager>();
    VastClientConfig vast;
    vast.baseUrl = w->m_sim->url();
    w->m_vast = std::make_unique<VastClient>(w->m_network.get(), w->m_clock.get(), vast);
    w->m_vast->setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));
    w->m_cloud = std::make_unique<VastCloudProvider>(w->m_vast.get());
    w->m_access = std::make_unique<SimInstanceAccess>(&w->market(), w->m_clock.get());
    auto journal = Journal::open(QDir(options.dir).filePath(QStringLiteral("journal.sqlite")), w->m_clock.get());
    if (!journal)
        return journal.error();
    w->m_journal = std::move(journal).value();
    w->m_registry = std::make_unique<PoolRegistry>(
        WarmPool::Services { w->m_cloud.get(), w->m_access.get(), w->m_journal.get(), w->m_clock.get() },
        QDir(options.dir).filePath(QStringLiteral("config")));
    CostTracker::Options costs;
    costs.sampleIntervalMs = 60000;
    w->m_costs = std::make_unique<CostTracker>(
        w->m_registry.get(), w->m_cloud.get(), w->m_journal.get(), w->m_clock.get(), costs);
    ApiServer::Services api;
    api.journal = w->m_journal.get();
    api.clock = w->m_clock.get();
    api.cloud = w->m_cloud.get();
    api.pools = w->m_registry.get();
    api.costs = w->m_costs.get();
    w->m_token = QUuid::createUuid().toString(QUuid::Id128) + QUuid::createUuid().toString(QUuid::Id128);
    w->m_api = std::make_unique<ApiServer>(api, w->m_token);
    if (auto bound = w->m_api->listen(QHostAddress::LocalHost, 0); !bound)
        return bound.error();
    return w;
}

void FleetWorld::start()
{
    for (int i = 0; i < m_options.pools; ++i) {
        PoolConfig c;
        c.id = QStringLiteral("pool-%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        c.gpuNames = { QStringLiteral("RTX 4090") };
        c.volumeSizeGb = 20;
        c.image = QStringLiteral("pytorch/pytorch");
        c.pollIntervalMs = 500;
        m_registry->create(c, true, 1000 + i);
    }
    m_costs->start();
}

} // namespace gpufailover
