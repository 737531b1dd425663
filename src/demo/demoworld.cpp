#include "demo/demoworld.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/writechecker.h"
#include "providers/vastclient.h"
#include "providers/vastcloudprovider.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshinstanceaccess.h"
#include "remote/sshkey.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include <QDir>

namespace gpufailover {
namespace {

void addMachine(SimMarket &m, qint64 id, int gpus, const char *model, double price)
{
    SimHost h = SimHost::machine(
        id, gpus, QString::fromLatin1(model), price, QDateTime::currentSecsSinceEpoch() + 86400 * 120);
    h.reliability = 0.995;
    h.diskSpaceGb = 1000;
    m.addHost(h);
}

} // namespace

DemoWorld::~DemoWorld()
{
    // Engine first (it calls everything else), hosts last.
    m_pool.reset();
    m_access.reset();
    m_shell.reset();
    m_cloud.reset();
    m_vast.reset();
    m_journal.reset();
    m_realHosts.reset();
    m_sim.reset();
}

Clock &DemoWorld::clock()
{
    return *m_clock;
}

CloudProvider &DemoWorld::cloud()
{
    return *m_cloud;
}

InstanceAccess &DemoWorld::access()
{
    return *m_access;
}

SimMarket &DemoWorld::market()
{
    return m_sim->market();
}

QString DemoWorld::ackLogPath() const
{
    return QDir(m_options.dir).filePath(QStringLiteral("acks.log"));
}

QString DemoWorld::volumeLogPath() const
{
    const qint64 volume = m_pool ? m_pool->record().volumeId : 0;
    return QDir(m_realHosts->volumeDir(volume)).filePath(QStringLiteral("writes.log"));
}

Result<std::unique_ptr<DemoWorld>> DemoWorld::create(Options options)
{
    QString why;
    if (!SshTestHost::supported(&why))
        return Error { QStringLiteral("unsupported"),
            QStringLiteral("the demo world needs real test hosts: %1").arg(why) };
    std::unique_ptr<DemoWorld> w(new DemoWorld);
    w->m_options = options;
    w->m_clock = std::make_unique<SystemClock>(options.timeScale);
    SimOptions sim = options.sim;
    if (options.buildMarket)
        sim.hosts = 0;
    w->m_sim = std::make_unique<SimServer>(w->m_clock.get(), sim);
    if (options.buildMarket) {
        addMachine(w->market(), 801, 2, "RTX 4090", 0.35);
        addMachine(w->market(), 802, 4, "RTX 4090", 0.42);
        addMachine(w->market(), 803, 1, "RTX 3090", 0.20);
    }
    if (auto listening = w->m_sim->listen(); !listening)
        return listening.error();

    auto key = SshKeyPair::generate();
    if (!key)
        return key.error();
    w->m_realHosts = std::make_unique<SimRealHosts>(
        &w->market(), QDir(options.dir).filePath(QStringLiteral("cloud")), QStringList {});
    w->m_nam = std::make_unique<QNetworkAccessManager>();
    VastClientConfig vc;
    vc.baseUrl = w->m_sim->url();
    vc.transferTimeoutMs = 5000;
    vc.totalTimeoutMs = 10000;
    w->m_vast = std::make_unique<VastClient>(w->m_nam.get(), w->m_clock.get(), vc);
    w->m_vast->setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));
    w->m_cloud = std::make_unique<VastCloudProvider>(w->m_vast.get());
    w->m_knownHosts = std::make_unique<KnownHosts>(QDir(options.dir).filePath(QStringLiteral("known_hosts")));
    w->m_shell = std::make_unique<RemoteShell>(w->m_knownHosts.get());
    w->m_shell->setIdentity(key->privateKey);
    w->m_access = std::make_unique<SshInstanceAccess>(w->m_shell.get(), options.timeScale);
    auto journal = Journal::open(QDir(options.dir).filePath(QStringLiteral("journal.sqlite")), w->m_clock.get());
    if (!journal)
        return journal.error();
    w->m_journal = std::move(journal).value();

    w->m_options.pool.sshPublicKeys = { key->publicKey };
    if (w->m_options.pool.startCommand.isEmpty())
        w->m_options.pool.startCommand = workloadStartCommand(w->ackLogPath());
    w->restartEngine();
    return w;
}

Result<std::unique_ptr<DemoWorld>> DemoWorld::createForDemo(const QString &dataDir, double timeScale)
{
    const QString dir = QDir(dataDir).filePath(QStringLiteral("demo-world"));
    QDir(dir).removeRecursively(); // each demo starts from an empty simulated cloud
    QDir().mkpath(dir);
    Options o;
    o.dir = dir;
    o.timeScale = timeScale;
    o.pool.id = QStringLiteral("demo");
    return create(o);
}

void DemoWorld::restartEngine()
{
    m_pool.reset();
    m_pool = std::make_unique<WarmPool>(
        m_options.pool, WarmPool::Services { m_cloud.get(), m_access.get(), m_journal.get(), m_clock.get() });
}

} // namespace gpufailover
