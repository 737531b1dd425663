#include "demo/demoworld.h"

#include "core/clock.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/demologging.h"
#include "demo/writechecker.h"
#include "engine/vastsshstack.h"
#include "providers/gcpclient.h"
#include "providers/gcpstandbyvm.h"
#include "providers/vastcloudprovider.h"
#include "remote/generationsync.h"
#include "remote/resticsnapshotbackend.h"
#include "remote/rsyncstandbycopier.h"
#include "remote/sshinstanceaccess.h"
#include "remote/sshkey.h"
#include "sim/s3testserver.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include <QDir>
#include <QUuid>

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
    m_hibernation.reset();
    m_cpu.reset();
    m_recovery.reset();
    m_snapshots.reset();
    m_pool.reset();
    m_snapshotBackend.reset();
    m_copier.reset();
    m_generationSync.reset();
    m_cpuVm.reset();
    m_gcp.reset();
    m_stack.reset();
    m_journal.reset();
    m_realHosts.reset();
    m_sim.reset();
    m_s3.reset();
}

SystemClock &DemoWorld::clock()
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
    if (options.buildMarket && options.singleGpuMarket) {
        for (const qint64 machine : { 811, 812, 813 })
            addMachine(w->market(), machine, 1, "RTX 4090", 0.30 + 0.01 * double(machine - 811));
    } else if (options.buildMarket) {
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

    if (options.snapshots) {
        const QString s3dir = QDir(options.dir).filePath(QStringLiteral("s3"));
        QDir().mkpath(s3dir);
        w->m_s3 = std::make_unique<S3TestServer>(S3TestServer::Options { s3dir });
        if (Status s = w->m_s3->start(); !s)
            return s.error();
        const ResticRepo repo { w->m_s3->repository(options.pool.id),
            QUuid::createUuid().toString(QUuid::WithoutBraces), S3TestServer::accessKeyId(),
            S3TestServer::secretAccessKey(), QStringLiteral("us-east-1"), w->m_s3->caCertPem() };
        w->m_snapshotBackend = std::make_unique<ResticSnapshotBackend>(&w->shell(), repo, 600000);
    }
    if (options.cpuStandby) {
        w->m_realHosts->backGcp(&w->sim().gcp());
        GcpClientConfig gcp;
        gcp.computeUrl = w->m_sim->url();
        gcp.transferTimeoutMs = 5000;
        gcp.totalTimeoutMs = 10000;
        w->m_gcp = std::make_unique<GcpClient>(&w->m_stack->network(), w->m_clock.get(), gcp);
        w->m_gcp->setServiceAccount(w->sim().gcp().issueServiceAccount(QStringLiteral("gpf-demo")));
        GcpVmSpec vm;
        vm.name = QStringLiteral("gpf-%1-cpu").arg(options.pool.id).toLower();
        vm.sshUser = QStringLiteral("root"); // the simulated VMs are test hosts, which only know root
        vm.sshPublicKey = key->publicKey;
        vm.labels = { { QStringLiteral("managed-by"), QStringLiteral("gpufailover") },
            { QStringLiteral("pool"), options.pool.id.toLower() } };
        w->m_cpuVm = std::make_unique<GcpStandbyVm>(w->m_gcp.get(), w->m_clock.get(), vm, options.gcpZones);
        w->m_generationSync = std::make_unique<GenerationSync>(&w->shell(), &w->m_stack->knownHosts());
        w->m_copier = std::make_unique<RsyncStandbyCopier>(
            w->m_generationSync.get(), RsyncStandbyCopier::baseFor(vm.sshUser, options.pool.id));
        w->m_options.pool.fallbackToCpuStandby = true;
    }
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
    QString why;
    o.snapshots = S3TestServer::supported(&why);
    if (!o.snapshots)
        qCWarning(lcDemo).noquote() << "demo without snapshots:" << why;
    // The CPU standby on the simulated GCP, syncing from the primary every 30 s.
    o.cpuStandby = true;
    // Every 10 simulated minutes, each one drilled: the story shows a verified restore point soon.
    o.snapshotPolicy.intervalMs = 600000;
    o.snapshotPolicy.drillEvery = 1;
    o.snapshotPolicy.checkEvery = 3;
    return create(o);
}

EngineHost::Fixture DemoWorld::fixture()
{
    EngineHost::Fixture f;
    f.services = { &cloud(), &access(), m_journal.get(), m_clock.get() };
    f.pool = m_pool.get();
    f.snapshots = m_snapshots.get();
    f.cpuStandby = m_cpu.get();
    f.hibernation = m_hibernation.get();
    f.recovery = m_recovery.get();
    f.vastUrl = m_stack->vast().config().baseUrl;
    f.costSampleMs = 60000;
    return f;
}

void DemoWorld::start()
{
    m_pool->start();
    if (m_snapshots)
        m_snapshots->start();
    if (m_cpu)
        m_cpu->start();
}

void DemoWorld::restartEngine()
{
    m_hibernation.reset();
    m_cpu.reset();
    m_recovery.reset();
    m_snapshots.reset();
    m_pool.reset();
    m_pool = std::make_unique<WarmPool>(
        m_options.pool, WarmPool::Services { &m_stack->cloud(), &m_stack->access(), m_journal.get(), m_clock.get() });
    if (m_copier)
        m_cpu = std::make_unique<CpuStandby>(m_pool.get(), m_cpuVm.get(), m_copier.get(), &m_stack->cloud(),
            &m_stack->access(), m_journal.get(), m_clock.get(), m_options.cpuOptions);
    m_hibernation = std::make_unique<Hibernation>(
        m_pool.get(), &m_stack->cloud(), &m_stack->access(), m_clock.get(), m_options.hibernation);
    if (m_cpu)
        m_hibernation->syncFirstTo(*m_cpu);
    if (!m_snapshotBackend)
        return;
    m_snapshots = std::make_unique<SnapshotService>(m_pool.get(), m_snapshotBackend.get(), &m_stack->cloud(),
        m_journal.get(), m_clock.get(), m_options.snapshotPolicy);
    m_recovery = std::make_unique<HostLossRecovery>(
        m_pool.get(), m_snapshots.get(), m_snapshotBackend.get(), m_clock.get(), m_options.recoveryRetryMs);
    // Both tiers here: linked as the engine's registry links them when the world is handed over.
    if (m_cpu)
        restoreFromTheNewer(*m_recovery, *m_snapshots, *m_cpu);
}

} // namespace gpufailover
