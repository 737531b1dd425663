#pragma once

#include "core/result.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <vector>

namespace gpufailover {

class AlertLog;
class ApiServer;
class AppContext;
class BudgetWatcher;
class Clock;
class CostTracker;
class CpuStandbyTier;
class CreditWatcher;
class DemoWorld;
class Hibernation;
class Journal;
class LiveEngine;
class PoolRegistry;
class Settings;
class SnapshotTier;

// One engine with its local API, as gpufailoverd and the desktop app both run it: the demo
// world's pool (--demo) or the saved pools against the real cloud, their tiers, costs, credit,
// budgets and hibernation, and the REST API on loopback. Built in main() and injected.
class EngineHost final
{
public:
    struct Options
    {
        bool demo = false;
        double timeScale = 20; // demo only
        QHostAddress bind = QHostAddress::LocalHost;
        int port = -1; // -1: from settings
        // When the port is taken, take any free one instead of failing (the desktop app).
        bool anyPortWhenTaken = false;
        std::function<void(const QString &)> warn; // problems that do not stop the engine
    };

    static Result<std::unique_ptr<EngineHost>> create(AppContext &context, Options options);
    ~EngineHost();
    // Starts the demo world's pool (saved pools start as they load); connect to it before.
    void start();

    DemoWorld *world() const { return m_world.get(); } // null unless --demo (and it started)
    PoolRegistry *pools() const { return m_registry.get(); } // null when no engine could run
    Journal &journal() const;
    quint16 apiPort() const;
    QString apiToken() const { return m_token; }

private:
    EngineHost() = default;
    // The engine against the real cloud, from the keys in the keychain: at start, or as soon as
    // the first credentials are saved (no restart).
    Status startLive();
    void wirePools(AppContext &context); // costs, alerts and timings of the pools there are
    void buildCosts(AppContext &context);
    void watchAlerts();
    void followTimings(Settings &settings);
    void checkVastKey(
        const QUrl &url, const QString &key, QObject *context, std::function<void(Result<QJsonObject>)> done);

    Options m_options;
    AppContext *m_context = nullptr;
    QString m_token;
    // Declaration order is destruction order in reverse: the API goes first, the world last.
    std::unique_ptr<DemoWorld> m_world;
    std::unique_ptr<LiveEngine> m_live;
    std::unique_ptr<PoolRegistry> m_registry;
    std::unique_ptr<CpuStandbyTier> m_cpuStandby;
    std::unique_ptr<SnapshotTier> m_snapshots;
    std::unique_ptr<CostTracker> m_costs;
    std::unique_ptr<CreditWatcher> m_credit;
    std::vector<std::unique_ptr<Hibernation>> m_hibernations; // those made here (not the demo's)
    std::unique_ptr<BudgetWatcher> m_budgets;
    std::unique_ptr<AlertLog> m_alerts;
    std::unique_ptr<ApiServer> m_api;
    Journal *m_journal = nullptr;
    Clock *m_clock = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_checkNetwork;
};

} // namespace gpufailover
