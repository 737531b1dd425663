#pragma once

#include "providers/vastclient.h"

#include <QNetworkAccessManager>
#include <QString>

#include <memory>

namespace gpufailover {

class Clock;
class KnownHosts;
class RemoteShell;
class SshInstanceAccess;
class VastCloudProvider;

// The client side an engine talks through: the Vast.ai client behind a CloudProvider, and the SSH
// layer behind an InstanceAccess. DemoWorld points it at the simulator, LiveEngine at the real
// service; both own one. Members are declared in build order so they are destroyed users-first.
class VastSshStack final
{
public:
    struct Options
    {
        VastClientConfig vast;
        QString apiKey;
        QString knownHostsPath;
        QString privateKey; // OpenSSH PEM, held in memory only
        double timeScale = 1.0;
    };

    VastSshStack(Clock *clock, const Options &options);
    ~VastSshStack();

    VastClient &vast() { return *m_vast; }
    VastCloudProvider &cloud() { return *m_cloud; }
    RemoteShell &shell() { return *m_shell; }
    SshInstanceAccess &access() { return *m_access; }
    KnownHosts &knownHosts() { return *m_knownHosts; }
    QNetworkAccessManager &network() { return *m_nam; }

private:
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<VastClient> m_vast;
    std::unique_ptr<VastCloudProvider> m_cloud;
    std::unique_ptr<KnownHosts> m_knownHosts;
    std::unique_ptr<RemoteShell> m_shell;
    std::unique_ptr<SshInstanceAccess> m_access;
};

} // namespace gpufailover
