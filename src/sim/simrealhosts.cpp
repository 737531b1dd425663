#include "sim/simrealhosts.h"

#include "sim/simlogging.h"
#include "sim/simmarket.h"
#include "sim/sshtesthost.h"

#include <QDir>

namespace gpufailover {

SimRealHosts::SimRealHosts(SimMarket *market, QString rootDir, QStringList accountKeys, QObject *parent)
    : QObject(parent)
    , m_market(market)
    , m_root(std::move(rootDir))
    , m_accountKeys(std::move(accountKeys))
{
    connect(m_market, &SimMarket::instanceChanged, this, &SimRealHosts::sync);
    connect(m_market, &SimMarket::hostChanged, this, &SimRealHosts::syncMachine);
}

SimRealHosts::~SimRealHosts() = default;

SshTestHost *SimRealHosts::hostOf(qint64 instanceId) const
{
    return m_hosts.value(instanceId).get();
}

QString SimRealHosts::volumeDir(qint64 volumeId) const
{
    return QDir(m_root).filePath(QStringLiteral("volumes/V.%1").arg(volumeId));
}

void SimRealHosts::syncMachine(qint64 machineId)
{
    for (const SimInstance *i : m_market->instances()) {
        if (i->machineId == machineId)
            sync(i->id);
    }
}

void SimRealHosts::sync(qint64 instanceId)
{
    const SimInstance *inst = m_market->instance(instanceId);
    auto existing = m_hosts.value(instanceId);
    if (!inst) {
        m_hosts.remove(instanceId); // destroyed: the host dies with it (files stay for inspection)
        return;
    }
    const SimHost *machine = m_market->host(inst->machineId);
    const bool shouldRun = inst->actual == u"running" && machine && machine->online;
    if (!shouldRun) {
        if (existing && existing->isRunning()) {
            qCInfo(lcSim) << "real host of instance" << instanceId << "goes down (" << inst->actual << ")";
            existing->kill();
        }
        return;
    }
    if (!existing) {
        const QString root = QDir(m_root).filePath(QStringLiteral("instances/%1").arg(instanceId));
        QDir().mkpath(root);
        SshTestHost::Options o;
        o.rootDir = root;
        o.workspaceDir = inst->volumeId ? volumeDir(inst->volumeId) : QDir(root).filePath(QStringLiteral("workspace"));
        o.authorizedKeys = m_accountKeys + inst->sshKeys;
        o.gpus = qMax(1, int(inst->gpus.size()));
        existing = std::make_shared<SshTestHost>(o);
        m_hosts.insert(instanceId, existing);
    }
    existing->setAuthorizedKeys(m_accountKeys + inst->sshKeys);
    if (!existing->isRunning()) {
        const Status s = existing->start();
        if (!s) {
            m_lastError = s.error().message;
            qCWarning(lcSim) << "cannot start the real host of instance" << instanceId << ":" << s.error().message;
            return;
        }
        m_market->setSshOverride(instanceId, existing->host(), existing->port());
    }
    if (inst->hung)
        existing->hang();
    else
        existing->resume();
}

} // namespace gpufailover
