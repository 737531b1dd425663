#include "engine/enginehost.h"

#include "api/apiserver.h"
#include "api/apitoken.h"
#include "core/alertlog.h"
#include "core/appcontext.h"
#include "core/budgetwatcher.h"
#include "core/costtracker.h"
#include "core/cpustandby.h"
#include "core/creditwatcher.h"
#include "core/hibernation.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/poolregistry.h"
#include "core/settings.h"
#include "core/signalwatcher.h"
#include "core/warmpool.h"
#include "engine/cpustandbytier.h"
#include "engine/credentialcheck.h"
#include "engine/enginelogging.h"
#include "engine/liveengine.h"
#include "engine/snapshottier.h"

#include "gpufailover/version.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <QTimer>

namespace gpufailover {

EngineHost::~EngineHost() = default;

Journal &EngineHost::journal() const
{
    return *m_journal;
}

quint16 EngineHost::apiPort() const
{
    return m_api->port();
}

int EngineHost::serveUntilStopped(const char *program)
{
    const quint16 bound = apiPort();
    std::printf("%s %s: API on http://127.0.0.1:%u\n", program, kVersion, unsigned(bound));
    std::fflush(stdout);
    m_journal->append({}, QStringLiteral("daemon_started"), { { QStringLiteral("api_port"), int(bound) } });
    SignalWatcher unixSignals;
    QObject::connect(&unixSignals, &SignalWatcher::terminationRequested, &unixSignals, [this](int sig) {
        m_journal->append({}, QStringLiteral("daemon_stopped"), { { QStringLiteral("signal"), sig } });
        QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}

void EngineHost::adopt(const Fixture &f, AppContext &c)
{
    m_journal = f.services.journal;
    m_clock = f.services.clock;
    m_registry = std::make_unique<PoolRegistry>(f.services, c.options().configDir);
    const QString id = f.pool->config().id;
    m_registry->adopt(f.pool);
    if (f.snapshots)
        m_registry->attachSnapshots(id, f.snapshots);
    if (f.cpuStandby)
        m_registry->attachCpuStandby(id, f.cpuStandby);
    if (f.hibernation)
        m_registry->attachHibernation(id, f.hibernation);
    if (f.recovery)
        m_registry->attachRecovery(id, f.recovery);
    wirePools(c);
}

Result<std::unique_ptr<EngineHost>> EngineHost::create(AppContext &c, Options options, std::optional<Fixture> fixture)
{
    std::unique_ptr<EngineHost> host(new EngineHost);
    host->m_options = options;
    const auto warn = [&options](const QString &text) {
        if (options.warn)
            options.warn(text);
    };
    host->m_journal = &c.journal();
    host->m_clock = &c.clock();
    host->m_fixture = fixture;
    const auto token = loadOrCreateApiToken(fixture ? nullptr : &c.secrets(), c.options().configDir);
    if (!token)
        return token.error();
    host->m_token = *token;

    // The pools: the fixture's, or those saved in the config dir, driven against the real cloud.
    if (fixture) {
        host->adopt(*fixture, c);
    } else {
        host->m_context = &c;
        if (const Status live = host->startLive(); !live)
            warn(QStringLiteral("not driving any pool: %1").arg(live.error().message));
    }

    ApiServer::Services services;
    services.journal = host->m_journal;
    services.settings = &c.settings();
    services.clock = host->m_clock;
    services.cloud = fixture ? fixture->services.cloud : (host->m_live ? host->m_live->services().cloud : nullptr);
    services.pools = host->m_registry.get();
    services.costs = host->m_costs.get();
    services.credit = host->m_credit.get();
    services.secrets = &c.secrets();
    const QUrl vastUrl = fixture        ? fixture->vastUrl
        : c.options().vastUrl.isEmpty() ? QUrl(c.settings().value(keys::VastUrl))
                                        : c.options().vastUrl;
    const QUrl gcpUrl = c.options().gcpUrl;
    host->m_check = std::make_unique<CredentialCheck>(c, vastUrl, gcpUrl);
    services.checkCredentials = [raw = host.get()](const QJsonObject &given, QObject *context,
                                    std::function<void(Result<QJsonObject>)> done) {
        CredentialCheck::Keys keys;
        const auto field = [&given](const char *name) -> std::optional<QString> {
            const QString v = given.value(QLatin1StringView(name)).toString().trimmed();
            return v.isEmpty() ? std::nullopt : std::optional<QString>(v);
        };
        keys.vastApiKey = field("vast_api_key");
        keys.gcpServiceAccountJson = field("gcp_service_account_json");
        keys.snapshotAccessKeyId = field("snapshot_access_key_id");
        keys.snapshotSecretAccessKey = field("snapshot_secret_access_key");
        raw->m_check->check(keys, context, std::move(done));
    };
    // A pool the engine drives against the real cloud is checked before anything is rented; a
    // fixture's pool lives in a world of its own.
    if (!fixture)
        services.checkPool = [raw = host.get()](const PoolConfig &config, QObject *context,
                                 std::function<void(Result<QJsonObject>)> done) {
            raw->m_check->checkPool(config, context, std::move(done));
        };
    services.credentialsSaved = [raw = host.get()] {
        // An engine that had no key starts driving pools as soon as one is saved. Later, from the
        // event loop: the save's answer is still on its way, and the keychain is read again.
        if (!raw->m_context)
            return;
        if (raw->m_live) {
            // A key rotated while the engine runs: the next call to Vast.ai uses the new one; a
            // tier whose key was missing is built now.
            QTimer::singleShot(0, raw->m_api.get(), [raw] {
                if (!raw->m_live)
                    return;
                raw->m_live->reloadApiKey();
                raw->buildTiers(false);
            });
            return;
        }
        QTimer::singleShot(0, raw->m_api.get(), [raw] {
            if (raw->m_live)
                return;
            if (const Status live = raw->startLive(); !live) {
                if (raw->m_options.warn)
                    raw->m_options.warn(
                        QStringLiteral("credentials saved, still not driving pools: %1").arg(live.error().message));
                return;
            }
            raw->m_api->attachEngine(
                raw->m_live->services().cloud, raw->m_registry.get(), raw->m_costs.get(), raw->m_credit.get());
        });
    };
    services.credentialsWiping = [raw = host.get()](QObject *context, std::function<void(Result<int>)> done) {
        if (!raw->m_live)
            return done(0);
        raw->m_live->removeAccountKey(context, [raw, done](Result<int> removed) {
            if (removed) // later: the client that answered is part of the engine that goes
                QTimer::singleShot(0, raw->m_api.get(), [raw] { raw->stopLive(); });
            done(removed);
        });
    };
    host->m_api = std::make_unique<ApiServer>(services, *token);
    const int port = options.port >= 0 ? options.port : c.settings().value(keys::ApiPort);
    auto bound = host->m_api->listen(options.bind, quint16(port));
    if (!bound && options.anyPortWhenTaken && port != 0) {
        warn(QStringLiteral("%1; the API listens on another port").arg(bound.error().message));
        bound = host->m_api->listen(options.bind, 0);
    }
    if (!bound)
        return bound.error();
    if (options.bind == QHostAddress::LocalHost)
        host->m_api->listen(QHostAddress::LocalHostIPv6, *bound); // also ::1 where IPv6 exists; not fatal
    // Where the CLI (and a second desktop app) finds the API.
    QSaveFile portFile(apiPortFile(c.options().configDir));
    if (portFile.open(QIODevice::WriteOnly)) {
        portFile.write(QByteArray::number(*bound) + '\n');
        portFile.commit();
    }
    return host;
}

Status EngineHost::startLive()
{
    AppContext &c = *m_context;
    auto engine = LiveEngine::create(c, c.options().vastUrl);
    if (!engine)
        return engine.error();
    const auto warn = [this](const QString &text) {
        if (m_options.warn)
            m_options.warn(text);
    };
    m_live = std::move(engine).value();
    m_registry = std::make_unique<PoolRegistry>(m_live->services(), c.options().configDir);
    m_tiersPending = false; // a build scheduled for the registry before this one died with it
    for (const QString &problem : m_registry->loadAll())
        warn(problem);
    buildTiers(true);
    // A snapshot target set while the engine runs takes effect at once, as a saved key does: once
    // for all the settings saved together (each one is a change), after the last is written.
    QObject::connect(&c.settings(), &Settings::changed, m_registry.get(), [this](const QString &name) {
        if (!name.startsWith(u"snapshots/") || m_snapshots || m_tiersPending)
            return;
        m_tiersPending = true;
        QTimer::singleShot(0, m_registry.get(), [this] {
            m_tiersPending = false;
            buildTiers(false);
        });
    });
    wirePools(c);
    return okStatus();
}

void EngineHost::buildTiers(bool atStart)
{
    AppContext &c = *m_context;
    // At start, say why a tier is off; later, only what went wrong (a tier without its key is
    // simply not wanted yet).
    const auto build = [&](auto &tier, const QString &name, auto create) {
        if (tier)
            return;
        auto made = create();
        if (!made) {
            if (m_options.warn && (atStart || made.error().code != u"not_configured"))
                m_options.warn(QStringLiteral("%1 off: %2").arg(name, made.error().message));
            return;
        }
        tier = std::move(made).value();
        if (!atStart)
            qCInfo(lcEngine).noquote() << name << "tier built: its keys and settings were saved";
    };
    build(m_cpuStandby, QStringLiteral("CPU standby"),
        [&] { return CpuStandbyTier::create(c, c.options().gcpUrl, *m_live, m_registry.get()); });
    build(m_snapshots, QStringLiteral("snapshots"),
        [&] { return SnapshotTier::create(c, &m_live->shell(), m_live->services().cloud, m_registry.get()); });
}

void EngineHost::stopLive()
{
    if (!m_live || !m_registry || !m_registry->pools().isEmpty())
        return; // a pool came back meanwhile: it keeps its engine
    m_api->attachEngine(nullptr, nullptr, nullptr, nullptr);
    m_alerts.reset();
    m_budgets.reset();
    m_hibernations.clear();
    m_credit.reset();
    m_costs.reset();
    m_snapshots.reset();
    m_cpuStandby.reset();
    m_registry.reset();
    m_live.reset();
    qCInfo(lcEngine) << "credentials wiped: the engine drives nothing until new ones are saved";
}

void EngineHost::wirePools(AppContext &c)
{
    buildCosts(c);
    watchAlerts();
    followTimings(c.settings());
}

// The health and failover timings are settings: a change applies to every pool at once.
void EngineHost::followTimings(Settings &settings)
{
    static const QStringList kTimingSettings { keys::HealthIntervalS.spec->name,
        keys::HealthFailureThreshold.spec->name, keys::HealthProbeTimeoutS.spec->name, keys::FenceDeadlineS.spec->name,
        keys::StandbyStartDeadlineS.spec->name };
    QObject::connect(&settings, &Settings::changed, m_registry.get(), [this, &settings](const QString &name) {
        if (!kTimingSettings.contains(name))
            return;
        WarmPool::Timings t;
        t.healthIntervalMs = qint64(settings.value(keys::HealthIntervalS)) * 1000;
        t.failureThreshold = settings.value(keys::HealthFailureThreshold);
        t.probeTimeoutMs = qint64(settings.value(keys::HealthProbeTimeoutS)) * 1000;
        t.fenceDeadlineMs = qint64(settings.value(keys::FenceDeadlineS)) * 1000;
        t.standbyStartDeadlineMs = qint64(settings.value(keys::StandbyStartDeadlineS)) * 1000;
        m_registry->applyTimings(t);
    });
}

// Every alert, of every pool's tiers and of the account, into the journal's one feed.
void EngineHost::watchAlerts()
{
    m_alerts = std::make_unique<AlertLog>(m_journal);
    const auto watchPool = [this](WarmPool *pool) {
        const QString id = pool->config().id;
        m_alerts->watch(pool, id);
        m_alerts->watch(m_registry->snapshotsOf(id), id);
        m_alerts->watch(m_registry->cpuStandbyOf(id), id);
        m_alerts->watch(m_registry->hibernationOf(id), id);
        m_alerts->watch(m_registry->recoveryOf(id), id);
    };
    for (WarmPool *p : m_registry->pools())
        watchPool(p);
    QObject::connect(m_registry.get(), &PoolRegistry::poolAdded, m_alerts.get(), watchPool);
    QObject::connect(m_registry.get(), &PoolRegistry::snapshotsAttached, m_alerts.get(),
        [this](const QString &id, SnapshotService *s) { m_alerts->watch(s, id); });
    // Tiers built after their pool (keys saved while the engine runs) are heard as well.
    QObject::connect(m_registry.get(), &PoolRegistry::cpuStandbyAttached, m_alerts.get(),
        [this](const QString &id, CpuStandby *c) { m_alerts->watch(c, id); });
    QObject::connect(m_registry.get(), &PoolRegistry::recoveryAttached, m_alerts.get(),
        [this](const QString &id, HostLossRecovery *r) { m_alerts->watch(r, id); });
    m_alerts->watch(m_credit.get(), QString());
    m_alerts->watch(m_budgets.get(), QString());
}

// What the pools cost, sampled every 10 minutes (or as the fixture asks), the credit that pays for
// it, and each pool's budget and hibernation from its configuration.
void EngineHost::buildCosts(AppContext &c)
{
    const WarmPool::Services services = m_fixture ? m_fixture->services : m_live->services();
    CostTracker::Options costOptions;
    if (m_fixture)
        costOptions.sampleIntervalMs = m_fixture->costSampleMs;
    m_costs = std::make_unique<CostTracker>(
        m_registry.get(), services.cloud, services.journal, services.clock, costOptions);
    m_costs->start();
    m_credit = std::make_unique<CreditWatcher>(
        services.cloud, m_costs.get(), m_registry.get(), services.journal, services.clock, CreditWatcher::Options {});
    m_credit->start();
    m_budgets = std::make_unique<BudgetWatcher>(m_costs.get(), services.journal, services.clock);
    Settings *settings = &c.settings();
    m_budgets->setOverall([settings] { return settings->value(keys::BudgetMonthlyCents) / 100.0; });
    const auto configure = [this, services](WarmPool *pool) {
        const PoolConfig &config = pool->config();
        Hibernation *h = m_registry->hibernationOf(config.id);
        if (!h) {
            auto owned = std::make_unique<Hibernation>(
                pool, services.cloud, services.access, services.clock, Hibernation::Options {});
            h = owned.get();
            if (CpuStandby *cpu = m_registry->cpuStandbyOf(config.id))
                h->syncFirstTo(*cpu);
            m_registry->attachHibernation(config.id, h);
            m_hibernations.push_back(std::move(owned));
        }
        h->setOptions({ config.hibernateWhenIdle, config.idleUtilizationPct, qint64(config.idleMinutes) * 60000,
            Hibernation::parseSchedule(config.wakeAtUtc), config.endpointPort });
        m_budgets->setBudget(config.id, { config.monthlyBudgetUsd, config.budgetHibernates ? h : nullptr });
    };
    for (WarmPool *p : m_registry->pools())
        configure(p);
    QObject::connect(m_registry.get(), &PoolRegistry::poolAdded, m_budgets.get(), configure);
    // A CPU standby that comes after its pool (its key saved later) still gets the last copy
    // before the GPU hibernates.
    QObject::connect(m_registry.get(), &PoolRegistry::cpuStandbyAttached, m_budgets.get(),
        [this](const QString &id, CpuStandby *cpu) {
            if (Hibernation *h = m_registry->hibernationOf(id))
                h->syncFirstTo(*cpu);
        });
    QObject::connect(m_registry.get(), &PoolRegistry::poolRemoved, m_budgets.get(),
        [b = m_budgets.get()](const QString &id) { b->setBudget(id, {}); });
}

} // namespace gpufailover
