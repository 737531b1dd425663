#pragma once

#include "core/result.h"

#include <QString>

#include <memory>

class QNetworkAccessManager;

namespace gpufailover {

class ApiServer;
class CostTracker;
class Journal;
class PoolRegistry;
class SimInstanceAccess;
class SimMarket;
class SimServer;
class SystemClock;
class VastClient;
class VastCloudProvider;

// Many pools at once on the simulated cloud, with the engine and its API, but no real host
// behind the instances (SimInstanceAccess answers for them): the load the dashboard must carry
// when a researcher runs dozens of pools. For the dashboard's load test and benchmark.
class FleetWorld final
{
public:
    struct Options
    {
        QString dir; // the journal and pool configs; must exist
        int pools = 50;
        double timeScale = 20;
    };
    static Result<std::unique_ptr<FleetWorld>> create(Options options);
    ~FleetWorld();

    void start(); // every pool provisions on its own machine
    SimMarket &market() const;
    PoolRegistry &pools() const { return *m_registry; }
    Journal &journal() const { return *m_journal; }
    SimInstanceAccess &access() const { return *m_access; }
    quint16 apiPort() const;
    QString apiToken() const { return m_token; }

private:
    FleetWorld() = default;

    Options m_options;
    QString m_token;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<VastClient> m_vast;
    std::unique_ptr<VastCloudProvider> m_cloud;
    std::unique_ptr<SimInstanceAccess> m_access;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<PoolRegistry> m_registry;
    std::unique_ptr<CostTracker> m_costs;
    std::unique_ptr<ApiServer> m_api;
};

} // namespace gpufailover
