#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

namespace gpufailover {

class SimGcpApi;
class SimMarket;
class SshTestHost;

// Backs simulated instances with real test hosts (SshTestHost): when an instance reaches
// "running" a real sshd starts for it and the API reports it as the instance's SSH endpoint;
// stop, exit, host loss and destroy kill it; a hung instance is frozen. Instances on one machine
// that attach the same volume see the same directory as /workspace, as on Vast.
class SimRealHosts final : public QObject
{
    Q_OBJECT
public:
    // accountKeys: public keys every instance accepts (Vast's account keys); keys attached per
    // instance through the API are added to them.
    SimRealHosts(SimMarket *market, QString rootDir, QStringList accountKeys, QObject *parent = nullptr);
    ~SimRealHosts() override;

    // Also backs the simulated GCP VMs: a real host runs while the VM is RUNNING, its disk (the
    // host's own directory, home included) kept across stop, preemption and start.
    void backGcp(SimGcpApi *gcp);
    SshTestHost *hostOf(qint64 instanceId) const;
    SshTestHost *hostOfVm(const QString &zone, const QString &name) const;
    QString volumeDir(qint64 volumeId) const;
    // A provider quirk seen in the field: when this instance stops while frozen, its processes
    // are not killed but linger, frozen, though the API says stopped (and, later, destroyed).
    // The caller holds the host and may let it resume: an old primary coming back.
    std::shared_ptr<SshTestHost> lingerOnStop(qint64 instanceId);
    QString lastError() const { return m_lastError; }

private:
    void sync(qint64 instanceId);
    void syncMachine(qint64 machineId);
    void syncVm(const QString &zone, const QString &name);

    SimMarket *m_market;
    QString m_root;
    QStringList m_accountKeys;
    QHash<qint64, std::shared_ptr<SshTestHost>> m_hosts;
    QSet<qint64> m_lingerOnStop;
    QHash<qint64, qint64> m_machineOf; // instance → machine, for hosts that outlive their instance
    // Hosts of instances destroyed while their machine was partitioned: the machine never heard,
    // so they run on until it is back in touch.
    QMultiHash<qint64, std::shared_ptr<SshTestHost>> m_unheard;
    SimGcpApi *m_gcp = nullptr;
    QHash<QString, std::shared_ptr<SshTestHost>> m_vmHosts; // "zone/name"
    QString m_lastError;
};

} // namespace gpufailover
