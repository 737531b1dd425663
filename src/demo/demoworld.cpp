#include "demo/demoworld.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/vastsshstack.h"
#include "demo/writechecker.h"
#include "providers/vastcloudprovider.h"
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
    m_stack.reset();
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
    return m_stack->cloud();
}

InstanceAccess &DemoWorld::access()
{
    return m_stack->access();
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
    VastSshStack::Options stack;
    stack.vast.baseUrl = w->m_sim->url();
    stack.vast.transferTimeoutMs = 5000;
    stack.vast.totalTimeoutMs = 10000;
    stack.apiKey = QString::fromLatin1(SimServer::kDefaultApiKey);
    stack.knownHostsPath = QDir(options.dir).filePath(QStringLiteral("known_hosts"));
    stack.privateKey = key->privateKey;
    stack.timeScale = options.timeScale;
    w->m_stack = std::make_unique<VastSshStack>(w->m_clock.get(), stack);
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
        m_options.pool, WarmPool::Services { &m_stack->cloud(), &m_stack->access(), m_journal.get(), m_clock.get() });
}

} // namespace gpufailover
