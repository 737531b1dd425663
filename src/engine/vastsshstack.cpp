#include "engine/vastsshstack.h"

#include "providers/vastcloudprovider.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshinstanceaccess.h"

namespace gpufailover {

VastSshStack::VastSshStack(Clock *clock, const Options &options)
    : m_nam(std::make_unique<QNetworkAccessManager>())
    , m_vast(std::make_unique<VastClient>(m_nam.get(), clock, options.vast))
    , m_cloud(std::make_unique<VastCloudProvider>(m_vast.get()))
    , m_knownHosts(std::make_unique<KnownHosts>(options.knownHostsPath))
    , m_shell(std::make_unique<RemoteShell>(m_knownHosts.get()))
    , m_access(std::make_unique<SshInstanceAccess>(m_shell.get(), options.timeScale))
{
    m_vast->setApiKey(options.apiKey);
    m_shell->setIdentity(options.privateKey);
}

VastSshStack::~VastSshStack() = default;

} // namespace gpufailover
