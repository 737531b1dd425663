#pragma once

#include "core/result.h"
#include "core/warmpool.h"

#include <QNetworkAccessManager>
#include <QUrl>

#include <memory>

namespace gpufailover {

class AppContext;
class KnownHosts;
class RemoteShell;
class SshInstanceAccess;
class VastClient;
class VastCloudProvider;

// The services an engine needs against the real Vast.ai: the API key and the SSH key come from
// the SecretStore (the SSH key is generated and stored on first use), known hosts live in the
// data dir. Built by main(); the pools get them through WarmPool::Services.
class LiveEngine final
{
public:
    static Result<std::unique_ptr<LiveEngine>> create(AppContext &context, const QUrl &vastUrl);
    ~LiveEngine();

    WarmPool::Services services() const;
    QString sshPublicKey() const { return m_publicKey; }

private:
    LiveEngine() = default;

    AppContext *m_context = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<VastClient> m_vast;
    std::unique_ptr<VastCloudProvider> m_cloud;
    std::unique_ptr<KnownHosts> m_knownHosts;
    std::unique_ptr<RemoteShell> m_shell;
    std::unique_ptr<SshInstanceAccess> m_access;
    QString m_publicKey;
};

} // namespace gpufailover
