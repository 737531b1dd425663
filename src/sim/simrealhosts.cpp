#include "sim/simrealhosts.h"

#include "sim/simgcpapi.h"
#include "sim/simlogging.h"
#include "sim/simmarket.h"
#include "sim/sshtesthost.h"

#include <QDir>
#include <QJsonArray>

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

SshTestHost *SimRealHosts::hostOfVm(const QString &zone, const QString &name) const
{
    return m_vmHosts.value(zone + u'/' + name).get();
}

void SimRealHosts::backGcp(SimGcpApi *gcp)
{
    m_gcp = gcp;
    connect(gcp, &SimGcpApi::vmChanged, this, &SimRealHosts::syncVm);
}

void SimRealHosts::syncVm(const QString &zone, const QString &name)
{
    const SimGcpApi::Vm *vm = m_gcp->vm(zone, name);
    const QString key = zone + u'/' + name;
    auto existing = m_vmHosts.value(key);
    if (!vm || vm->status != u"RUNNING") {
        if (existing && existing->isRunning()) {
            qCInfo(lcSim).noquote() << "real host of GCP VM" << name << "goes down ("
                                    << (vm ? vm->status : QStringLiteral("deleted")) << ")";
            existing->kill();
        }
        if (!vm)
            m_vmHosts.remove(key);
        return;
    }
    // The keys of its ssh-keys metadata ("user:key" per line), each for its own user, as GCP's
    // guest agent makes them: an ordinary account with a home in /home.
    QStringList rootKeys = m_accountKeys;
    QMap<QString, QStringList> logins;
    for (const QJsonValue &item :
        vm->body.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("items")).toArray()) {
        if (item.toObject().value(QStringLiteral("key")).toString() != u"ssh-keys")
            continue;
        for (const QString &line :
            item.toObject().value(QStringLiteral("value")).toString().split(u'\n', Qt::SkipEmptyParts)) {
            const QString user = line.section(u':', 0, 0).trimmed();
            if (user == u"root")
                rootKeys << line.section(u':', 1);
            else
                logins[user] << line.section(u':', 1);
        }
    }
    if (!existing) {
        const QString root = QDir(m_root).filePath(QStringLiteral("gcp/%1-%2").arg(zone, name));
        QDir().mkpath(root);
        SshTestHost::Options o;
        o.rootDir = root;
        o.authorizedKeys = rootKeys;
        o.logins = logins;
        existing = std::make_shared<SshTestHost>(o);
        m_vmHosts.insert(key, existing);
    }
    if (!existing->isRunning()) {
        const Status started = existing->start();
        if (!started) {
            m_lastError = started.error().message;
            qCWarning(lcSim) << "cannot start the real host of GCP VM" << name << ":" << started.error().message;
            return;
        }
        m_gcp->setRealHost(name, existing->host(), existing->port());
    }
}

QString SimRealHosts::volumeDir(qint64 volumeId) const
{
    return QDir(m_root).filePath(QStringLiteral("volumes/V.%1").arg(volumeId));
}

void SimRealHosts::syncMachine(qint64 machineId)
{
    if (const SimHost *machine = m_market->host(machineId); machine && !machine->partitioned)
        m_unheard.remove(machineId);
    for (const SimInstance *i : m_market->instances()) {
        if (i->machineId == machineId)
            sync(i->id);
    }
}

std::shared_ptr<SshTestHost> SimRealHosts::lingerOnStop(qint64 instanceId)
{
    m_lingerOnStop.insert(instanceId);
    return m_hosts.value(instanceId);
}

void SimRealHosts::sync(qint64 instanceId)
{
    const SimInstance *inst = m_market->instance(instanceId);
    auto existing = m_hosts.value(instanceId);
    if (!inst) {
        // Destroyed: the host dies with it (files stay for inspection), once its machine hears.
        const qint64 machineId = m_machineOf.take(instanceId);
        const auto host = m_hosts.take(instanceId);
        if (const SimHost *machine = m_market->host(machineId); host && machine && machine->partitioned)
            m_unheard.insert(machineId, host);
        return;
    }
    const SimHost *machine = m_market->host(inst->machineId);
    // A partitioned machine runs on as it was: what the provider was told waits until it is back.
    if (machine && machine->online && machine->partitioned && existing && existing->isRunning())
        return;
    const bool shouldRun = inst->actual == u"running" && machine && machine->online;
    if (!shouldRun) {
        if (existing && inst->hung && m_lingerOnStop.contains(instanceId)) {
            qCInfo(lcSim) << "real host of instance" << instanceId << "lingers frozen (" << inst->actual << ")";
            return;
        }
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
        m_machineOf.insert(instanceId, inst->machineId);
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
