#pragma once

#include "core/result.h"
#include "core/warmpool.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gpufailover {

class AlertLog;
class ApiServer;
class AppContext;
class BudgetWatcher;
class Clock;
class CostTracker;
class CpuStandbyTier;
class CredentialCheck;
class CreditWatcher;
class HostLossRecovery;
class Hibernation;
class Journal;
class LiveEngine;
class PoolRegistry;
class Settings;
class SnapshotService;
class CpuStandby;
class SnapshotTier;

// One engine with its local API, as gpufailoverd and the desktop app both run it: the saved pools
// against the real cloud (or a pool assembled outside, with --demo), their tiers, costs, credit,
// budgets and hibernation, and the REST API on loopback. Built in main() and injected.
class EngineHost final
{
public:
    // A pool assembled outside the engine, with its own services and tiers: the engine adopts it
    // and runs costs, budgets, alerts and the API around it. The fixture outlives the host.
    struct Fixture
    {
        WarmPool::Services services;
        WarmPool *pool = nullptr;
        SnapshotService *snapshots = nullptr;
        CpuStandby *cpuStandby = nullptr;
        Hibernation *hibernation = nullptr;
        HostLossRecovery *recovery = nullptr;
        QUrl vastUrl;
        qint64 costSampleMs = 600000;
    };

    struct Options
    {
        QHostAddress bind = QHostAddress::LocalHost;
        int port = -1; // -1: from settings
        // When the port is taken, take any free one instead of failing (the desktop app).
        bool anyPortWhenTaken = false;
        std::function<void(const QString &)> warn; // problems that do not stop the engine
    };

    // Without a fixture: the saved pools, driven with the keychain's keys (none yet: the engine
    // starts as soon as credentials are saved). With one: that pool, and the API token is not kept.
    static Result<std::unique_ptr<EngineHost>> create(
        AppContext &context, Options options, std::optional<Fixture> fixture = std::nullopt);
    ~EngineHost();

    PoolRegistry *pools() const { return m_registry.get(); } // null when no engine could run
    Journal &journal() const;
    quint16 apiPort() const;
    QString apiToken() const { return m_token; }
    // Headless: prints where the API listens ("<program> <version>: API on http://127.0.0.1:N",
    // the line scripts and tests wait for), journals the start, and runs the event loop until
    // SIGTERM or SIGINT, journaling the stop. Returns the loop's exit code.
    int serveUntilStopped(const char *program);

private:
    EngineHost() = default;
    // The engine against the real cloud, from the keys in the keychain: at start, or as soon as
    // the first credentials are saved (no restart).
    Status startLive();
    // The other way: the credentials were wiped (no pool is left); a later save starts again.
    void stopLive();
    // The CPU standby and snapshot tiers not built yet whose keys and settings are now there.
    void buildTiers(bool atStart);
    void wirePools(AppContext &context); // costs, alerts and timings of the pools there are
    void buildCosts(AppContext &context);
    void watchAlerts();
    void followTimings(Settings &settings);
    void adopt(const Fixture &fixture, AppContext &context);

    Options m_options;
    AppContext *m_context = nullptr;
    QString m_token;
    std::optional<Fixture> m_fixture;
    // Declaration order is destruction order in reverse: the API goes first.
    std::unique_ptr<LiveEngine> m_live;
    std::unique_ptr<PoolRegistry> m_registry;
    std::unique_ptr<CpuStandbyTier> m_cpuStandby;
    std::unique_ptr<SnapshotTier> m_snapshots;
    std::unique_ptr<CostTracker> m_costs;
    std::unique_ptr<CreditWatcher> m_credit;
    std::vector<std::unique_ptr<Hibernation>> m_hibernations; // those made here (not a fixture's)
    std::unique_ptr<BudgetWatcher> m_budgets;
    std::unique_ptr<AlertLog> m_alerts;
    std::unique_ptr<CredentialCheck> m_check; // keys and targets, before they are saved or used
    std::unique_ptr<ApiServer> m_api;
    Journal *m_journal = nullptr;
    bool m_tiersPending = false; // a build of the missing tiers is scheduled
    Clock *m_clock = nullptr;
};

} // namespace gpufailover
