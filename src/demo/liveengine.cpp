#include "demo/liveengine.h"

#include "core/appcontext.h"
#include "core/secretstore.h"
#include "core/settings.h"
#include "providers/vastclient.h"
#include "providers/vastcloudprovider.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshinstanceaccess.h"
#include "remote/sshkey.h"

#include <QDir>
#include <QEventLoop>

namespace gpufailover {
namespace { } // namespace

LiveEngine::~LiveEngine() = default;

Result<std::unique_ptr<LiveEngine>> LiveEngine::create(AppContext &context, const QUrl &vastUrl)
{
    SecretStore &secrets = context.secrets();
    const SecretResult apiKey
        = SecretStore::waitFor([&](auto cb) { secrets.read(QStringLiteral("vast/api-key"), nullptr, cb); });
    if (!apiKey.ok())
        return Error { QStringLiteral("no_credentials"),
            apiKey.error == SecretError::NotFound
                ? QStringLiteral("no Vast.ai API key in the keychain yet (the provision wizard stores it)")
                : apiKey.message };
    // The product's SSH identity: generated once, kept in the keychain only.
    SecretResult sshKey
        = SecretStore::waitFor([&](auto cb) { secrets.read(QStringLiteral("ssh/private-key"), nullptr, cb); });
    if (sshKey.error == SecretError::NotFound) {
        const auto generated = SshKeyPair::generate();
        if (!generated)
            return generated.error();
        const SecretResult stored = SecretStore::waitFor(
            [&](auto cb) { secrets.write(QStringLiteral("ssh/private-key"), generated->privateKey, nullptr, cb); });
        if (!stored.ok())
            return Error { QStringLiteral("keychain"), stored.message };
        sshKey = { SecretError::None, generated->privateKey, {} };
    }
    if (!sshKey.ok())
        return Error { QStringLiteral("keychain"), sshKey.message };
    const auto pair = SshKeyPair::fromPrivateKey(sshKey.value);
    if (!pair)
        return pair.error();

    std::unique_ptr<LiveEngine> e(new LiveEngine);
    e->m_context = &context;
    e->m_publicKey = pair->publicKey;
    e->m_nam = std::make_unique<QNetworkAccessManager>();
    VastClientConfig vc;
    vc.baseUrl = vastUrl.isEmpty() ? QUrl(context.settings().value(keys::VastUrl)) : vastUrl;
    e->m_vast = std::make_unique<VastClient>(e->m_nam.get(), &context.clock(), vc);
    e->m_vast->setApiKey(apiKey.value);
    e->m_cloud = std::make_unique<VastCloudProvider>(e->m_vast.get());
    e->m_knownHosts
        = std::make_unique<KnownHosts>(QDir(context.options().dataDir).filePath(QStringLiteral("known_hosts")));
    e->m_shell = std::make_unique<RemoteShell>(e->m_knownHosts.get());
    e->m_shell->setIdentity(sshKey.value);
    e->m_access = std::make_unique<SshInstanceAccess>(e->m_shell.get(), 1.0);
    return e;
}

WarmPool::Services LiveEngine::services() const
{
    return { m_cloud.get(), m_access.get(), &m_context->journal(), &m_context->clock() };
}

} // namespace gpufailover
